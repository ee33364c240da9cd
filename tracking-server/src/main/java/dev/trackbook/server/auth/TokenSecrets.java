package dev.trackbook.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Making, recognising and hashing token secrets. */
final class TokenSecrets {
  /**
   * A prefix makes a leaked token recognisable (secret scanners, a reviewer reading a diff) and
   * lets the server reject other kinds of credentials before any database lookup.
   */
  static final String PREFIX = "tbk_";

  /** 256 random bits, base64url without padding: 43 characters. */
  private static final int SECRET_BYTES = 32;

  private static final Pattern FORMAT = Pattern.compile("tbk_[A-Za-z0-9_-]{43}");

  private final SecureRandom random;

  TokenSecrets(SecureRandom random) {
    this.random = random;
  }

  String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String newId() {
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static boolean wellFormed(String secret) {
    return secret != null && FORMAT.matcher(secret).matches();
  }

  /**
   * SHA-256, unsalted and fast, is enough here: the secret has 256 bits of entropy, so there is no
   * dictionary to try and salting or a slow hash (bcrypt, Argon2, made for low-entropy passwords)
   * would buy nothing against brute force. It also lets the server find a token by its hash with
   * one indexed lookup per request.
   */
  static String sha256Hex(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Compares in time independent of where the two differ. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
