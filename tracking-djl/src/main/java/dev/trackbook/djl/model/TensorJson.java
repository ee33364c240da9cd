package dev.trackbook.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.trackbook.client.model.ModelInputException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MLflow's tensor JSON ({@code {"inputs": [[...], ...]}} in, {@code {"predictions": ...}} out) to
 * and from flat float arrays with a shape.
 */
final class TensorJson {
  /** Rows per request; a bound so one request cannot take the server's memory. */
  static final int MAX_ROWS = 10_000;

  private TensorJson() {}

  /** A parsed request: values in row-major order and their shape. */
  record Tensor(float[] values, long[] shape) {}

  /**
   * The request's input tensor, checked against the declared input shape (-1: any size).
   *
   * @throws ModelInputException one line, naming what is wrong
   */
  static Tensor parseRequest(Object request, List<Long> declared) {
    if (!(request instanceof Map<?, ?> body)) {
      throw new ModelInputException("the request must be a JSON object {\"inputs\": [[...], ...]}");
    }
    Object inputs = rows(body);
    if (inputs == null) {
      throw new ModelInputException(
          "the request has no \"inputs\": send {\"inputs\": [[...], ...]} (or \"instances\","
              + " \"dataframe_split\", \"dataframe_records\")");
    }
    if (!(inputs instanceof List<?> rows) || rows.isEmpty()) {
      throw new ModelInputException("\"inputs\" must be a non-empty array of rows");
    }
    if (rows.size() > MAX_ROWS) {
      throw new ModelInputException(
          "\"inputs\" has " + rows.size() + " rows; at most " + MAX_ROWS + " per request");
    }
    List<Long> shape = new ArrayList<>();
    Object probe = inputs;
    while (probe instanceof List<?> list) {
      shape.add((long) list.size());
      probe = list.isEmpty() ? null : list.get(0);
    }
    if (!declared.isEmpty() && declared.size() != shape.size()) {
      throw new ModelInputException(
          "\"inputs\" has shape " + shape + " but the model takes " + declared);
    }
    for (int i = 1; i < declared.size(); i++) {
      if (declared.get(i) >= 0 && !declared.get(i).equals(shape.get(i))) {
        throw new ModelInputException(
            "\"inputs\" has shape " + shape + " but the model takes " + declared);
      }
    }
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    float[] values = new float[Math.toIntExact(size)];
    int[] next = {0};
    flatten(inputs, shape, 0, values, next);
    return new Tensor(values, shape.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * The rows of a request in any of the JSON forms {@code mlflow models serve} accepts: tensors as
   * {@code inputs} or {@code instances}, or a pandas DataFrame as {@code dataframe_split} ({@code
   * {"columns": [...], "data": [[...], ...]}}) or {@code dataframe_records} ({@code [{"col": v,
   * ...}, ...]}), which MLflow turns into a tensor of the columns' values in column order. Null
   * when the request has none of them.
   */
  private static Object rows(Map<?, ?> body) {
    if (body.get("inputs") != null) {
      return body.get("inputs");
    }
    if (body.get("instances") != null) {
      return body.get("instances");
    }
    Object split = body.get("dataframe_split");
    if (split != null) {
      if (!(split instanceof Map<?, ?> frame) || !(frame.get("data") instanceof List<?> data)) {
        throw new ModelInputException(
            "\"dataframe_split\" must be an object {\"columns\": [...], \"data\": [[...], ...]}");
      }
      if (frame.get("columns") instanceof List<?> columns) {
        for (Object row : data) {
          if (row instanceof List<?> values && values.size() != columns.size()) {
            throw new ModelInputException(
                "\"dataframe_split\" has "
                    + columns.size()
                    + " columns but a row of "
                    + values.size()
                    + " values");
          }
        }
      }
      return data;
    }
    Object records = body.get("dataframe_records");
    if (records != null) {
      if (!(records instanceof List<?> list)) {
        throw new ModelInputException(
            "\"dataframe_records\" must be an array of objects [{\"column\": value, ...}, ...]");
      }
      List<Object> out = new ArrayList<>(list.size());
      List<?> columns = null;
      java.util.Set<?> columnSet = null;
      for (Object record : list) {
        if (!(record instanceof Map<?, ?> values)) {
          throw new ModelInputException("\"dataframe_records\" holds a non-object record");
        }
        if (columns == null) {
          columns = new ArrayList<>(values.keySet()); // the first record's order, as pandas
          columnSet = java.util.Set.copyOf(values.keySet());
        }
        if (!values.keySet().equals(columnSet)) {
          throw new ModelInputException(
              "\"dataframe_records\" records have different columns: "
                  + columns
                  + " and "
                  + values.keySet());
        }
        List<Object> row = new ArrayList<>(columns.size());
        for (Object column : columns) {
          row.add(values.get(column));
        }
        out.add(row);
      }
      return out;
    }
    return null;
  }

  private static void flatten(Object value, List<Long> shape, int depth, float[] out, int[] next) {
    if (depth == shape.size()) {
      if (!(value instanceof Number number)) {
        throw new ModelInputException(
            "\"inputs\" holds " + describe(value) + " where a number goes");
      }
      // As MLflow does: a JSON number is a double, cast to the float32 the model takes.
      float f = (float) number.doubleValue();
      if (!Float.isFinite(f)) {
        throw new ModelInputException(notFinite(number, shape, next[0]));
      }
      out[next[0]++] = f;
      return;
    }
    if (!(value instanceof List<?> list) || list.size() != shape.get(depth)) {
      throw new ModelInputException("\"inputs\" is not a rectangular array of numbers");
    }
    for (Object element : list) {
      flatten(element, shape, depth + 1, out, next);
    }
  }

  /**
   * Why a value cannot go into the float32 tensor, naming it and where it is. MLflow's scoring
   * server passes NaN, infinities and overflows (1e39 becomes inf) to the model and answers
   * non-standard JSON ({@code NaN}) that strict JSON clients cannot read; a 400 says what to fix.
   */
  private static String notFinite(Number number, List<Long> shape, int flatIndex) {
    String at = position(shape, flatIndex);
    if (number instanceof Double d && !Double.isFinite(d)) {
      return "\"inputs\" holds " + d + " at " + at + "; the model takes finite numbers";
    }
    BigDecimal value = number instanceof BigDecimal b ? b : new BigDecimal(number.toString());
    return "\"inputs\" holds "
        + value.round(new MathContext(17)).stripTrailingZeros()
        + " at "
        + at
        + ", outside float32's range (largest "
        + Float.MAX_VALUE
        + ")";
  }

  /** The index of the {@code flatIndex}-th value in row-major order, as {@code [row][column]}. */
  private static String position(List<Long> shape, int flatIndex) {
    StringBuilder at = new StringBuilder();
    long rest = flatIndex;
    for (int i = shape.size() - 1; i >= 0; i--) {
      at.insert(0, "[" + rest % shape.get(i) + "]");
      rest /= shape.get(i);
    }
    return at.toString();
  }

  private static String describe(Object value) {
    return value instanceof String ? "a string" : value == null ? "null" : "an array";
  }

  /** The array as nested lists (row-major), for {@code {"predictions": ...}}. */
  static Object toNested(NDArray array) {
    float[] values = array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    Shape shape = array.getShape();
    if (shape.dimension() == 0) {
      return values[0];
    }
    int[] next = {0};
    return nest(values, shape.getShape(), 0, next);
  }

  private static Object nest(float[] values, long[] shape, int depth, int[] next) {
    List<Object> list = new ArrayList<>((int) shape[depth]);
    for (long i = 0; i < shape[depth]; i++) {
      list.add(
          depth == shape.length - 1
              ? (Object) values[next[0]++]
              : nest(values, shape, depth + 1, next));
    }
    return list;
  }

  /**
   * One row of zeros in the input's shape (batch 1, the other dimensions as declared), the example
   * when none is given. It must keep every dimension: flattened to one row of size/batch values, a
   * model taking (N, 3, 2) got an example of shape [1, 6] that its own signature refuses, so {@code
   * trackbook validate} and {@code serve} rejected the model.
   */
  static Object zeroRow(Shape input) {
    long[] dims = input.getShape().clone();
    dims[0] = 1;
    return nest(new float[Math.toIntExact(new Shape(dims).size())], dims, 0, new int[] {0});
  }

  /** Rows of an example given as {@code float[][]}, {@code double[][]} or an NDArray. */
  static Object exampleRows(Object example) {
    if (example instanceof NDArray array) {
      return toNested(array);
    }
    if (example instanceof float[][] rows) {
      List<Object> out = new ArrayList<>();
      for (float[] row : rows) {
        List<Object> r = new ArrayList<>();
        for (float v : row) {
          r.add(v);
        }
        out.add(r);
      }
      return out;
    }
    if (example instanceof double[][] rows) {
      List<Object> out = new ArrayList<>();
      for (double[] row : rows) {
        List<Object> r = new ArrayList<>();
        for (double v : row) {
          r.add((float) v);
        }
        out.add(r);
      }
      return out;
    }
    throw new IllegalArgumentException(
        "option example must be a float[][], double[][] or NDArray, not "
            + (example == null ? "null" : example.getClass().getSimpleName()));
  }
}
