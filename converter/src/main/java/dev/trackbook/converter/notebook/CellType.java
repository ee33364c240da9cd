package dev.trackbook.converter.notebook;

import java.util.Locale;

/** The three nbformat 4 cell types. */
public enum CellType {
  CODE,
  MARKDOWN,
  RAW;

  /** The name nbformat uses in {@code cell_type}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static CellType fromJson(String name) {
    for (CellType type : values()) {
      if (type.jsonName().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
