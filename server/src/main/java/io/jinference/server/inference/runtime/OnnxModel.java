package io.jinference.server.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jinference.server.error.ModelNotReadyException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelWorkers;
import io.jinference.server.inference.decode.ImageRun;
import io.jinference.server.inference.decode.InputTransform;
import io.jinference.server.inference.decode.ModelFamily;
import io.jinference.server.inference.decode.RawOutputs;
import io.jinference.server.inference.decode.TaskHead;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.inference.task.Task;
import io.jinference.server.inference.task.TaskMismatchException;
import io.jinference.server.inference.task.TaskOptions;
import io.jinference.server.metrics.ServerMetrics;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelPackage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model with an open ONNX Runtime session. Sessions are thread-safe, so there is no lock around
 * {@code run}: {@link RunSlots} bounds concurrent runs per model ({@code
 * INFERENCE_CONCURRENT_RUNS}) and the wait for them, and {@link #close()} waits for runs in flight
 * before releasing the session. A list of images runs as one call per chunk when the batch
 * dimension is dynamic, or in chunks of the static batch size (the last one padded with empty
 * images).
 */
final class OnnxModel implements LoadedModel {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OnnxModel.class);
  private final ModelPackage pkg;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final int width;
  private final int height;
  private final Integer batchSize;
  private final boolean dynamicSize;
  private final ModelFamily family;
  private final TaskHead head;
  private final RunSlots runs;
  private final DynamicBatcher batcher;
  private final TensorBuffers buffers;
  private final PinnedOutputs pinned;
  private final PixelWorkers workers;
  private volatile boolean closed;
  private final ServerMetrics.ModelRuns meters;

  OnnxModel(
      ModelPackage pkg,
      OrtEnvironment env,
      OrtSession session,
      String inputName,
      int width,
      int height,
      Integer batchSize,
      boolean dynamicSize,
      ModelFamily family,
      RunSlots runs,
      ServerMetrics.ModelRuns meters,
      int maxBatchImages,
      long maxBatchDelayNanos,
      PixelWorkers workers,
      int concurrentRuns,
      PinnedOutputs pinned) {
    this.workers = workers;
    this.pinned = pinned;
    this.meters = meters;
    this.pkg = pkg;
    this.env = env;
    this.session = session;
    this.inputName = inputName;
    this.width = width;
    this.height = height;
    this.batchSize = batchSize;
    this.dynamicSize = dynamicSize;
    this.family = family;
    this.head = family.head(pkg, width, height);
    this.runs = runs;
    // Requests run together only where the batch dimension is dynamic and float inputs can be
    // stacked.
    this.batcher =
        batchSize == null && !family.nhwcInt32() && maxBatchImages > 1
            ? new DynamicBatcher(
                this::acquireQueued,
                runs::release,
                (in, shape) -> executeHeld(in, shape),
                maxBatchImages,
                maxBatchDelayNanos,
                tensorHeight(),
                tensorWidth())
            : null;
    // One chunk's tensor is pooled: one image for dynamic-batch models (the usual request), the
    // batch otherwise.
    this.buffers =
        new TensorBuffers(tensorBytes(batchSize == null ? 1 : batchSize), concurrentRuns);
  }

  /** The bytes of a float input tensor of {@code slots} images. */
  private int tensorBytes(int slots) {
    return 4 * slots * 3 * tensorWidth() * tensorHeight();
  }

  /**
   * Dynamic-size models get the input padded (bottom/right) to a multiple of 32, as Roboflow does.
   */
  private int tensorWidth() {
    return dynamicSize ? ceil32(width) : width;
  }

  private int tensorHeight() {
    return dynamicSize ? ceil32(height) : height;
  }

  @Override
  public Task task() {
    return family.task();
  }

  /**
   * The task pipeline: preprocess and run the images, then the task's head decodes each image's
   * outputs into its typed prediction.
   */
  @Override
  public List<Prediction> infer(Task task, List<DecodedImage> images, TaskOptions options) {
    if (task != family.task()) {
      throw new TaskMismatchException(pkg.id().toString(), family.task(), task);
    }
    return head.predict(run(images, options.flags()), options);
  }

  /**
   * Preprocesses (on the pixel workers) and runs the images; results in the same order. The input
   * tensor comes from the model's pool and goes back once the run has copied its outputs.
   */
  private List<ImageRun> run(List<DecodedImage> images, PreprocessFlags flags) {
    int tensorW = tensorWidth();
    int tensorH = tensorHeight();
    int chunk = batchSize == null ? images.size() : batchSize;
    List<ImageRun> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += chunk) {
      int count = Math.min(chunk, images.size() - from);
      int slots = batchSize == null ? count : batchSize;
      ByteBuffer bytes = buffers.take(tensorBytes(slots));
      try {
        FloatBuffer input = bytes.asFloatBuffer();
        List<DecodedImage> part = images.subList(from, from + count);
        List<InputTransform> transforms = workers.call(() -> fill(part, flags, input, slots));
        input.rewind();
        RawOutputs outputs;
        int offset = 0;
        if (batcher != null) {
          DynamicBatcher.Placement placed = batcher.run(input, count);
          outputs = placed.outputs();
          offset = placed.offset();
        } else {
          outputs =
              family.nhwcInt32()
                  ? execute(
                      nhwcInt32(input, slots, tensorW, tensorH),
                      new long[] {slots, tensorH, tensorW, 3})
                  : execute(input, new long[] {slots, 3, tensorH, tensorW});
        }
        meters.images().increment(count);
        for (int i = 0; i < count; i++) {
          out.add(new ImageRun(outputs, offset + i, transforms.get(i)));
        }
      } finally {
        buffers.give(bytes);
      }
    }
    return out;
  }

  /**
   * Writes each image into its slot; the slots of a static batch left empty are zeroed (the buffer
   * is reused).
   */
  private List<InputTransform> fill(
      List<DecodedImage> part, PreprocessFlags flags, FloatBuffer input, int slots) {
    List<InputTransform> transforms = new ArrayList<>(part.size());
    for (DecodedImage image : part) {
      transforms.add(
          Preprocessor.fill(
              image,
              pkg.preprocessing(),
              flags,
              width,
              height,
              tensorWidth(),
              tensorHeight(),
              family.normalization(),
              input));
    }
    int slot = 3 * tensorWidth() * tensorHeight();
    for (int s = part.size(); s < slots; s++) {
      for (int i = 0; i < slot; i++) {
        input.put(0f);
      }
    }
    return transforms;
  }

  /** The NCHW float tensor as NHWC int32 pixels (values are whole 0..255 numbers after RGB_RAW). */
  private static IntBuffer nhwcInt32(FloatBuffer chw, int slots, int w, int h) {
    IntBuffer out =
        ByteBuffer.allocateDirect(4 * slots * 3 * w * h)
            .order(ByteOrder.nativeOrder())
            .asIntBuffer();
    int plane = w * h;
    for (int s = 0; s < slots; s++) {
      int base = s * 3 * plane;
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          out.put(Math.round(chw.get(base + c * plane + i)));
        }
      }
    }
    return out.rewind();
  }

  private RawOutputs execute(java.nio.Buffer input, long[] shape) {
    acquireQueued();
    try {
      return executeHeld(input, shape);
    } finally {
      runs.release();
    }
  }

  /** Takes a run slot, recording the wait as queue time. */
  private void acquireQueued() {
    long queued = System.nanoTime();
    acquire();
    meters.queue().record(System.nanoTime() - queued, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** One session run, with a run slot held by the caller. */
  private RawOutputs executeHeld(java.nio.Buffer input, long[] shape) {
    long started = System.nanoTime();
    try (OnnxTensor tensor =
        input instanceof IntBuffer
            ? OnnxTensor.createTensor(env, (IntBuffer) input, shape)
            : OnnxTensor.createTensor(env, (FloatBuffer) input, shape)) {
      RawOutputs outputs =
          pinned != null && pinned.fits(shape) ? runPinned(tensor) : runAllocating(tensor);
      meters.executions().increment();
      meters.batchSize().record(shape[0]);
      meters.run().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      return outputs;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model " + pkg.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A run writing into reused output tensors; if ONNX Runtime refuses them (outputs not of their
   * declared shape), pinning stops for this model and the run is made the ordinary way.
   */
  private RawOutputs runPinned(OnnxTensor tensor) throws OrtException {
    PinnedOutputs.Run run = pinned.take();
    try {
      try (OrtSession.Result ignored = session.run(Map.of(inputName, tensor), run.tensors())) {
        return pinned.copy(run);
      }
    } catch (OrtException e) {
      LOG.warn(
          "Model {}: ONNX Runtime refused a run into its outputs' declared shapes ({}); its outputs"
              + " are no longer pinned and the run is made again the ordinary way",
          pkg.id(),
          e.getMessage());
      pinned.disable();
      return runAllocating(tensor);
    } finally {
      pinned.give(run);
    }
  }

  private RawOutputs runAllocating(OnnxTensor tensor) throws OrtException {
    try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      return copy(result);
    }
  }

  /**
   * The session's float outputs, copied out of native memory so the result can be closed at once.
   */
  static RawOutputs copy(OrtSession.Result result) throws OrtException {
    List<String> names = new ArrayList<>();
    List<RawOutputs.Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, OnnxValue> e : result) {
      OnnxTensor t = (OnnxTensor) e.getValue();
      FloatBuffer buffer = t.getFloatBuffer();
      if (buffer == null) {
        throw new IllegalStateException("output " + e.getKey() + " is not a float tensor");
      }
      float[] data = new float[buffer.remaining()];
      buffer.get(data);
      names.add(e.getKey());
      tensors.add(new RawOutputs.Tensor(data, t.getInfo().getShape()));
    }
    return new RawOutputs(names, tensors);
  }

  private static int ceil32(int v) {
    return (v + 31) / 32 * 32;
  }

  private void acquire() {
    if (closed) {
      throw new ModelNotReadyException();
    }
    runs.acquire();
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
    runs.drain();
    if (pinned != null) {
      pinned.close();
    }
    try {
      session.close();
    } catch (OrtException ignored) {
      // nothing more to release
    }
  }
}
