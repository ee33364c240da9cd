package dev.trackbook.client.model;

/** A prediction request the model cannot take (malformed JSON, wrong shape or type). */
public final class ModelInputException extends IllegalArgumentException {
  public ModelInputException(String message) {
    super(message);
  }
}
