package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes Jupyter wire messages: identities, {@code <IDS|MSG>}, HMAC-SHA256 signature,
 * header, parent header, metadata, content
 * (https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol).
 */
final class WireCodec {
  static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  static final String PROTOCOL_VERSION = "5.3";

  private final ObjectMapper json;
  private final SecretKeySpec key;
  private final String session = UUID.randomUUID().toString();

  WireCodec(ObjectMapper json, String hexOrTextKey) {
    this.json = json;
    // Jupyter uses the key's bytes as written in the connection file (an ASCII hex string), not
    // decoded hex.
    this.key = new SecretKeySpec(hexOrTextKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
  }

  /** A message as received: its type, header, parent's msg_id and content. */
  record Message(
      String msgType, String msgId, String parentId, JsonNode header, JsonNode content) {}

  /** Builds the frames of a new request; returns its msg_id in {@code idOut[0]}. */
  List<byte[]> encode(String msgType, JsonNode content, String[] idOut) {
    ObjectNode header = json.createObjectNode();
    String msgId = UUID.randomUUID().toString();
    header.put("msg_id", msgId);
    header.put("session", session);
    header.put("username", System.getProperty("user.name", "trackbook"));
    header.put("date", Instant.now().toString());
    header.put("msg_type", msgType);
    header.put("version", PROTOCOL_VERSION);
    idOut[0] = msgId;
    try {
      byte[] h = json.writeValueAsBytes(header);
      byte[] p = "{}".getBytes(StandardCharsets.UTF_8);
      byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
      byte[] c = json.writeValueAsBytes(content);
      List<byte[]> frames = new ArrayList<>(6);
      frames.add(DELIMITER);
      frames.add(sign(h, p, m, c).getBytes(StandardCharsets.US_ASCII));
      frames.add(h);
      frames.add(p);
      frames.add(m);
      frames.add(c);
      return frames;
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + msgType, e);
    }
  }

  /** Decodes received frames; rejects a message whose signature does not match. */
  Message decode(List<byte[]> frames) throws IOException {
    int d = 0;
    while (d < frames.size() && !MessageDigest.isEqual(frames.get(d), DELIMITER)) {
      d++;
    }
    if (frames.size() < d + 6) {
      throw new IOException("malformed kernel message: " + frames.size() + " frames");
    }
    byte[] h = frames.get(d + 2);
    byte[] p = frames.get(d + 3);
    byte[] m = frames.get(d + 4);
    byte[] c = frames.get(d + 5);
    String expected = sign(h, p, m, c);
    String actual = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
      throw new IOException("kernel message with a bad signature");
    }
    JsonNode header = json.readTree(h);
    JsonNode parent = json.readTree(p);
    return new Message(
        header.path("msg_type").asText(),
        header.path("msg_id").asText(),
        parent.path("msg_id").asText(null),
        header,
        json.readTree(c));
  }

  private String sign(byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      for (byte[] part : parts) {
        mac.update(part);
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
