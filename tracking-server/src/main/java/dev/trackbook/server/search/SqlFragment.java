package dev.trackbook.server.search;

import java.util.List;

/**
 * A piece of SQL and the values bound to its {@code ?} placeholders, in order. User text only ever
 * travels in {@code params}; {@code sql} is assembled from our own constants.
 */
public record SqlFragment(String sql, List<Object> params) {
  public SqlFragment {
    params = List.copyOf(params);
  }
}
