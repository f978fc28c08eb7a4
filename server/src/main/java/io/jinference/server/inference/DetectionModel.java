package io.jinference.server.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jinference.server.error.ModelNotReadyException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelPackage;
import io.jinference.server.model.ResizeSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * An object-detection model with an open ONNX Runtime session. Sessions are thread-safe, so there is no lock
 * around {@code run}: a semaphore bounds concurrent runs per model ({@code INFERENCE_CONCURRENT_RUNS}), and
 * {@link #close()} waits for runs in flight before releasing the session.
 */
final class DetectionModel implements LoadedModel {
  private final ModelPackage pkg;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final int width;
  private final int height;
  private final Integer batchSize;
  private final ModelFamily family;
  private final OutputDecoder decoder;
  private final Semaphore runs;
  private final int permits;
  private volatile boolean closed;

  DetectionModel(ModelPackage pkg, OrtEnvironment env, OrtSession session, String inputName, int width, int height,
      Integer batchSize, ModelFamily family, int concurrentRuns) {
    this.pkg = pkg;
    this.env = env;
    this.session = session;
    this.inputName = inputName;
    this.width = width;
    this.height = height;
    this.batchSize = batchSize;
    this.family = family;
    this.decoder = family.decoder(width);
    this.permits = concurrentRuns;
    this.runs = new Semaphore(concurrentRuns);
  }

  /** Detects objects in one image. */
  List<Detection> detect(DecodedImage image, DetectionParams params) {
    ResizeSpec.Mode mode = pkg.resize() == null ? ResizeSpec.Mode.STRETCH : pkg.resize().mode();
    FloatBuffer input = ByteBuffer.allocateDirect(4 * 3 * width * height).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    InputTransform transform = Preprocessor.fill(image, mode, width, height, family.normalization(), input);
    input.rewind();
    List<float[]> rows = run(input, params.confidence());
    List<Detection> detections = new ArrayList<>();
    for (Nms.Kept k : Nms.apply(rows, params.confidence(), params.iouThreshold(), params.classAgnostic(),
        params.maxDetections())) {
      String name = k.classId() < pkg.classNames().size() ? pkg.classNames().get(k.classId()) : "class_" + k.classId();
      if (params.classFilter() != null && !params.classFilter().contains(name)) {
        continue;
      }
      double[] box = transform.toOriginal(k.x1(), k.y1(), k.x2(), k.y2());
      detections.add(new Detection(box[0], box[1], box[2], box[3], k.confidence(), k.classConfidence(),
          k.classId(), name));
    }
    return detections;
  }

  private List<float[]> run(FloatBuffer input, float minConfidence) {
    acquire();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {1, 3, height, width});
        OrtSession.Result result = session.run(java.util.Map.of(inputName, tensor))) {
      return decoder.decode(result, 0, minConfidence);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on model " + pkg.id(), e);
    } finally {
      runs.release();
    }
  }

  private void acquire() {
    if (closed) {
      throw new ModelNotReadyException();
    }
    try {
      runs.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelNotReadyException();
    }
    if (closed) {
      runs.release();
      throw new ModelNotReadyException();
    }
  }

  @Override
  public ModelPackage modelPackage() {
    return pkg;
  }

  @Override
  public Integer batchSize() {
    return batchSize;
  }

  @Override
  public int inputWidth() {
    return width;
  }

  @Override
  public int inputHeight() {
    return height;
  }

  @Override
  public void close() {
    closed = true;
    runs.acquireUninterruptibly(permits);
    try {
      session.close();
    } catch (OrtException ignored) {
      // nothing more to release
    }
  }
}
