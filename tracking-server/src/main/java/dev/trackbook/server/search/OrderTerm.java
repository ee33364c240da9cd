package dev.trackbook.server.search;

/** One parsed {@code order_by} entry such as {@code metrics.acc DESC}. */
public record OrderTerm(FilterExpr.Identifier identifier, boolean ascending) {}
