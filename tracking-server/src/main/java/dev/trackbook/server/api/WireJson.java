package dev.trackbook.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.trackbook.server.artifacts.ArtifactFile;
import dev.trackbook.server.model.Dataset;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Experiment;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.MetricPoint;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON wire form of the domain model, as MLflow's server writes it ({@code message_to_json} in
 * mlflow/utils/proto_json_utils.py): snake_case names, int64 as JSON numbers, non-finite doubles as
 * the strings "NaN", "Infinity", "-Infinity" (protobuf's JSON mapping), and absent fields and empty
 * lists left out, as protobuf leaves out unset fields.
 */
final class WireJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WireJson() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  // ---- model -> JSON ----

  static ObjectNode experiment(Experiment e) {
    ObjectNode json = object();
    json.put("experiment_id", e.experimentId());
    json.put("name", e.name());
    putIfPresent(json, "artifact_location", e.artifactLocation());
    json.put("lifecycle_stage", e.lifecycleStage().wire());
    json.put("last_update_time", e.lastUpdateTime());
    json.put("creation_time", e.creationTime());
    putList(json, "tags", tags(e.tags()));
    return json;
  }

  static ObjectNode run(Run run) {
    ObjectNode json = object();
    json.set("info", runInfo(run.info()));
    ObjectNode data = json.putObject("data");
    ArrayNode metrics = NODES.arrayNode();
    run.data().metrics().forEach(m -> metrics.add(metric(m)));
    putList(data, "metrics", metrics);
    ArrayNode params = NODES.arrayNode();
    run.data().params().forEach(p -> params.add(keyValue(p.key(), p.value())));
    putList(data, "params", params);
    putList(data, "tags", tags(run.data().tags()));
    ObjectNode inputs = json.putObject("inputs");
    ArrayNode datasetInputs = NODES.arrayNode();
    if (run.inputs() != null) {
      run.inputs().forEach(i -> datasetInputs.add(datasetInput(i)));
    }
    putList(inputs, "dataset_inputs", datasetInputs);
    return json;
  }

  static ObjectNode runInfo(RunInfo info) {
    ObjectNode json = object();
    // run_uuid is deprecated in MLflow but still read by older clients, incl. the Java client.
    json.put("run_uuid", info.runId());
    json.put("run_id", info.runId());
    putIfPresent(json, "run_name", info.runName());
    json.put("experiment_id", info.experimentId());
    putIfPresent(json, "user_id", info.userId());
    json.put("status", info.status().name());
    json.put("start_time", info.startTime());
    if (info.endTime() != null) {
      json.put("end_time", info.endTime());
    }
    putIfPresent(json, "artifact_uri", info.artifactUri());
    json.put("lifecycle_stage", info.lifecycleStage().wire());
    return json;
  }

  static ObjectNode metric(Metric m) {
    ObjectNode json = object();
    json.put("key", m.key());
    putDouble(json, "value", m.value());
    json.put("timestamp", m.timestamp());
    json.put("step", m.step());
    return json;
  }

  /**
   * {@code metrics} as a list written straight to the response by the generator, with the same
   * fields as {@link #metric}: a 25000-point history page builds no tree of 25000 nodes.
   */
  static void putMetricList(ObjectNode json, String field, List<Metric> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    json.putRawValue(field, new RawValue(new MetricListJson(metrics)));
  }

  private record MetricListJson(List<Metric> metrics) implements JsonSerializable {
    private static final byte[] KEY = ascii("{\"key\":\"");
    private static final byte[] VALUE = ascii("\",\"value\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] STEP = ascii(",\"step\":");
    // a piece at a time into JsonEndpoints' 64 KB buffer, which hands Javalin 64 KB writes
    private static final int BUFFER = 64 * 1024;

    /**
     * Writes the points as UTF-8 bytes in 64 KB pieces rather than token by token: the generator's
     * per-token bookkeeping and char-to-byte copying were a third of a 25000-point page (issue 9,
     * bench/tracking). The bytes are what the token calls wrote: the key escaped by Jackson's
     * encoder, numbers by its writers.
     */
    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeStartArray();
      // Straight to the generator's stream when it writes to one (every HTTP answer does): its
      // raw-write path copies each piece once more, a fifth of a page's time (JFR, HistBench).
      // The flush empties the generator's buffer into that stream and stops there (MAPPER does
      // not pass flushes on), so what follows keeps its order and gzip is still decided later.
      OutputStream direct = null;
      if (gen.getOutputTarget() instanceof OutputStream target) {
        gen.flush();
        direct = target;
      }
      byte[] buf = new byte[BUFFER];
      int pos = 0;
      String lastKey = null;
      byte[] key = null; // a history page is one key: escaped once, not per point
      for (int i = 0; i < metrics.size(); i++) {
        Metric m = metrics.get(i);
        if (!m.key().equals(lastKey)) {
          lastKey = m.key();
          key = JsonStringEncoder.getInstance().quoteAsUTF8(lastKey);
        }
        // a point takes at most this much: the key, the names, 3 numbers of <= 25 bytes each
        int room = key.length + 128;
        if (pos + room > buf.length) {
          writeRaw(gen, direct, buf, pos); // copied out: the buffer is free again
          pos = 0;
          if (room > buf.length) {
            buf = new byte[room];
          }
        }
        if (i > 0) {
          buf[pos++] = ',';
        }
        pos = put(buf, pos, KEY);
        pos = put(buf, pos, key);
        pos = put(buf, pos, VALUE);
        double value = m.value();
        if (Double.isNaN(value)) {
          pos = put(buf, pos, "\"NaN\"");
        } else if (Double.isInfinite(value)) {
          pos = put(buf, pos, value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
          pos = put(buf, pos, NumberOutput.toString(value, true));
        }
        pos = put(buf, pos, TIMESTAMP);
        pos = NumberOutput.outputLong(m.timestamp(), buf, pos);
        pos = put(buf, pos, STEP);
        pos = NumberOutput.outputLong(m.step(), buf, pos);
        buf[pos++] = '}';
      }
      writeRaw(gen, direct, buf, pos);
      gen.writeEndArray();
    }

    private static void writeRaw(JsonGenerator gen, OutputStream direct, byte[] buf, int length)
        throws IOException {
      if (direct != null) {
        direct.write(buf, 0, length);
      } else {
        gen.writeRaw(new String(buf, 0, length, StandardCharsets.UTF_8)); // e.g. toString()
      }
    }

    private static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] buf, int pos, byte[] bytes) {
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      return pos + bytes.length;
    }

    /** {@code text} is ASCII (a number or a quoted word). */
    private static int put(byte[] buf, int pos, String text) {
      for (int i = 0; i < text.length(); i++) {
        buf[pos++] = (byte) text.charAt(i);
      }
      return pos;
    }

    @Override
    public void serializeWithType(
        JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
        throws IOException {
      serialize(gen, serializers);
    }
  }

  static ObjectNode metricPoint(MetricPoint m) {
    ObjectNode json = object();
    json.put("key", m.key());
    putDouble(json, "value", m.value());
    json.put("timestamp", m.timestamp());
    json.put("step", m.step());
    json.put("run_id", m.runId());
    return json;
  }

  static ObjectNode artifactFile(ArtifactFile f) {
    ObjectNode json = object();
    json.put("path", f.path());
    json.put("is_dir", f.isDir());
    if (f.fileSize() != null) {
      json.put("file_size", f.fileSize());
    }
    return json;
  }

  static ArrayNode tags(List<Tag> tags) {
    ArrayNode json = NODES.arrayNode();
    if (tags != null) {
      tags.forEach(t -> json.add(keyValue(t.key(), t.value())));
    }
    return json;
  }

  static void putList(ObjectNode json, String field, ArrayNode list) {
    if (!list.isEmpty()) {
      json.set(field, list);
    }
  }

  /** One page of a search: the items under {@code field}, then {@code next_page_token} if any. */
  static <T> ObjectNode page(Page<T> page, String field, Function<T, ObjectNode> toJson) {
    ObjectNode response = object();
    ArrayNode items = response.arrayNode();
    page.items().forEach(item -> items.add(toJson.apply(item)));
    putList(response, field, items);
    putIfPresent(response, "next_page_token", page.nextPageToken());
    return response;
  }

  static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  private static ObjectNode datasetInput(DatasetInput input) {
    ObjectNode json = object();
    putList(json, "tags", tags(input.tags()));
    Dataset d = input.dataset();
    ObjectNode dataset = json.putObject("dataset");
    putIfPresent(dataset, "name", d.name());
    putIfPresent(dataset, "digest", d.digest());
    putIfPresent(dataset, "source_type", d.sourceType());
    putIfPresent(dataset, "source", d.source());
    putIfPresent(dataset, "schema", d.schema());
    putIfPresent(dataset, "profile", d.profile());
    return json;
  }

  private static ObjectNode keyValue(String key, String value) {
    ObjectNode json = object();
    json.put("key", key);
    json.put("value", value);
    return json;
  }

  private static void putDouble(ObjectNode json, String field, double value) {
    if (Double.isNaN(value)) {
      json.put(field, "NaN");
    } else if (Double.isInfinite(value)) {
      json.put(field, value > 0 ? "Infinity" : "-Infinity");
    } else {
      json.put(field, value);
    }
  }

  // ---- JSON -> model (shape only; the store checks names and limits) ----

  static List<Metric> metrics(ApiRequest request, String field) {
    List<Metric> metrics = new ArrayList<>();
    List<ObjectNode> items = request.objectList(field);
    for (int i = 0; i < items.size(); i++) {
      metrics.add(metric(request.nested(items.get(i), field + "[" + i + "]")));
    }
    return metrics;
  }

  /** One metric; MLflow requires key, value and timestamp; step defaults to 0. */
  static Metric metric(ApiRequest m) {
    String key = m.requiredString("key");
    double value = m.requiredDouble("value");
    long timestamp = m.requiredLong("timestamp");
    Long step = m.optionalLong("step");
    return new Metric(key, value, timestamp, step == null ? 0 : step);
  }

  /** A param or tag value; protobuf's default for an absent string is "". */
  static String value(ApiRequest keyValue) {
    String value = keyValue.optionalString("value");
    return value == null ? "" : value;
  }

  static List<Param> params(ApiRequest request, String field) {
    List<Param> params = new ArrayList<>();
    List<ObjectNode> items = request.objectList(field);
    for (int i = 0; i < items.size(); i++) {
      ApiRequest p = request.nested(items.get(i), field + "[" + i + "]");
      params.add(new Param(p.requiredString("key"), value(p)));
    }
    return params;
  }

  static List<Tag> tags(ApiRequest request, String field) {
    List<Tag> tags = new ArrayList<>();
    List<ObjectNode> items = request.objectList(field);
    for (int i = 0; i < items.size(); i++) {
      ApiRequest t = request.nested(items.get(i), field + "[" + i + "]");
      tags.add(new Tag(t.requiredString("key"), value(t)));
    }
    return tags;
  }

  static List<DatasetInput> datasetInputs(ApiRequest request, String field) {
    List<DatasetInput> inputs = new ArrayList<>();
    List<ObjectNode> items = request.objectList(field);
    for (int i = 0; i < items.size(); i++) {
      String path = field + "[" + i + "]";
      ApiRequest input = request.nested(items.get(i), path);
      if (!(input.raw("dataset") instanceof ObjectNode datasetJson)) {
        throw input.raw("dataset") == null
            ? ApiRequest.missing(path + ".dataset")
            : ApiRequest.invalid(path + ".dataset", input.raw("dataset"), "expected an object");
      }
      ApiRequest d = input.nested(datasetJson, "dataset");
      Dataset dataset =
          new Dataset(
              d.requiredString("name"),
              d.requiredString("digest"),
              d.requiredString("source_type"),
              d.requiredString("source"),
              d.optionalString("schema"),
              d.optionalString("profile"));
      inputs.add(new DatasetInput(tags(input, "tags"), dataset));
    }
    return inputs;
  }
}
