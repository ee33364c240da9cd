package dev.trackbook.magics.provenance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The sha256 of cell source, as lowercase hex; the fingerprint of "what was executed". */
public final class SourceHash {

  private SourceHash() {}

  /** Hex sha256 of {@code source}'s UTF-8 bytes. */
  public static String sha256(String source) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
