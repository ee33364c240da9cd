package dev.trackbook.client.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a prediction answer against the output signature of a model's descriptor. */
public final class SignatureCheck {

  private SignatureCheck() {}

  /**
   * The problem with {@code answerJson} for a request of {@code batch} rows, or null when it has
   * the declared output shape (free dimensions: any size; the first: the batch) and numeric values.
   */
  public static String checkPrediction(ModelDescriptor descriptor, String answerJson, long batch) {
    Object parsed;
    try {
      parsed = ModelJson.parse(answerJson);
    } catch (ModelInputException e) {
      return "the answer is not JSON: " + e.getMessage();
    }
    if (!(parsed instanceof Map<?, ?> answer) || !answer.containsKey("predictions")) {
      return "the answer has no \"predictions\"";
    }
    List<Long> actual = new ArrayList<>();
    String problem = shapeOf(answer.get("predictions"), actual, 0);
    if (problem != null) {
      return problem;
    }
    List<Long> declared = descriptor.shape("outputs");
    if (declared.isEmpty()) {
      return null;
    }
    if (declared.size() != actual.size()) {
      return "output shape " + actual + " does not match the declared " + declared;
    }
    for (int i = 0; i < declared.size(); i++) {
      long want = i == 0 && declared.get(0) < 0 ? batch : declared.get(i);
      if (want >= 0 && want != actual.get(i)) {
        return "output shape " + actual + " does not match the declared " + declared;
      }
    }
    return null;
  }

  /** The number of rows of a {@code {"inputs": [...]}} request, or -1. */
  public static long batchOf(String requestJson) {
    Object parsed = ModelJson.parse(requestJson);
    if (parsed instanceof Map<?, ?> request && request.get("inputs") instanceof List<?> rows) {
      return rows.size();
    }
    return -1;
  }

  /** Appends the dimensions of a rectangular nested numeric list; a problem or null. */
  private static String shapeOf(Object value, List<Long> shape, int depth) {
    if (value instanceof Number) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      return "output value " + value + " is not a number";
    }
    shape.add((long) list.size());
    if (list.isEmpty()) {
      return null;
    }
    List<Long> first = null;
    for (Object element : list) {
      List<Long> inner = new ArrayList<>();
      String problem = shapeOf(element, inner, depth + 1);
      if (problem != null) {
        return problem;
      }
      if (first == null) {
        first = inner;
      } else if (!first.equals(inner)) {
        return "output is ragged at depth " + depth;
      }
    }
    shape.addAll(first);
    return null;
  }
}
