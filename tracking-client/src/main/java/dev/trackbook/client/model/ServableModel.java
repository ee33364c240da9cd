package dev.trackbook.client.model;

/**
 * A loaded model that answers JSON prediction requests, whatever its framework. Implementations are
 * thread-safe: a server calls {@link #predict} from many threads.
 */
public interface ServableModel extends AutoCloseable {

  /** The descriptor the model was logged with. */
  ModelDescriptor descriptor();

  /**
   * Runs one prediction. The request is MLflow's tensor form, {@code {"inputs": [[...], ...]}}; the
   * answer is {@code {"predictions": [[...], ...]}}.
   *
   * @throws ModelInputException when the request is malformed or does not fit the signature
   */
  String predict(String jsonRequest);

  /** The framework's own model object (a DJL {@code ai.djl.Model}, say). */
  Object unwrap();

  /** Frees the model's native memory. */
  @Override
  void close();
}
