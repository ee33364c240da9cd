package dev.trackbook.djl.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.trackbook.client.model.ModelDescriptor;
import dev.trackbook.client.model.ModelJson;
import dev.trackbook.client.model.ServableModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loaded DJL model behind the tensor-JSON translator. DJL predictors are not thread-safe, so each
 * call borrows one from a pool (grown on demand, one per concurrent caller).
 */
final class DjlServableModel implements ServableModel {
  private final Model model;
  private final ModelDescriptor descriptor;
  private final List<Long> inputShape;
  private final String postprocess;
  private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> idle =
      new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> all =
      new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  DjlServableModel(Model model, ModelDescriptor descriptor) {
    this.model = model;
    this.descriptor = descriptor;
    this.inputShape = descriptor.shape("inputs");
    Object translator = descriptor.fields().get("translator");
    this.postprocess =
        translator instanceof Map<?, ?> t && t.get("postprocess") != null
            ? t.get("postprocess").toString()
            : "none";
  }

  @Override
  public ModelDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public String predict(String jsonRequest) {
    TensorJson.Tensor input =
        TensorJson.parseRequest(ModelJson.parseRequest(jsonRequest), inputShape);
    Predictor<NDList, NDList> predictor = borrow();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(input.values(), new Shape(input.shape()));
      NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
      if ("softmax".equals(postprocess)) {
        y = y.softmax(-1);
      }
      return ModelJson.writeCompact(Map.of("predictions", TensorJson.toNested(y)));
    } catch (TranslateException e) {
      throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
    } finally {
      idle.offer(predictor);
    }
  }

  private Predictor<NDList, NDList> borrow() {
    if (closed) {
      throw new IllegalStateException("the model " + descriptor.name() + " is closed");
    }
    Predictor<NDList, NDList> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor(new NoopTranslator());
      all.add(predictor);
    }
    return predictor;
  }

  @Override
  public Object unwrap() {
    return model;
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(Predictor::close);
    model.close();
  }
}
