package io.jinference.server.inference.runtime.depth;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.error.ModelNotCachedException;
import io.jinference.server.inference.decode.Normalization;
import io.jinference.server.inference.runtime.OnnxRuntimeEnvironment;
import io.jinference.server.inference.runtime.Preprocessor;
import io.jinference.server.inference.runtime.RetirableModels;
import io.jinference.server.inference.runtime.RunSlots;
import io.jinference.server.model.CoreModel;
import io.jinference.server.model.CoreModelUses;
import io.jinference.server.model.ModelId;
import io.jinference.server.model.ModelStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Depth Anything (v2 or v3, ids {@code depth-anything-v2/small} and the like) on an ONNX file the
 * operator puts in the model store, {@code MODEL_CACHE_DIR/<family>/<version>/weights.onnx}: one
 * image in, a relative depth map out, at the image's size and normalised to [0, 1] with 1 the
 * nearest, as Roboflow's server answers.
 *
 * <p>Preprocessing is that of Depth Anything's image processor: RGB, ImageNet statistics, and for a
 * model that takes any size, a bicubic resize keeping the aspect ratio to sides that are multiples
 * of 14, the side nearer to its scale made 518 (a model of fixed size gets its size). The network's
 * map is resized back to the image bicubically, then stretched from its minimum to its maximum.
 */
@Singleton
public final class DepthAnything implements CoreModel, AutoCloseable {
  private static final int TARGET = 518;
  private static final int MULTIPLE = 14;
  private static final float FLAT = 1e-5f;

  /** A thin image scaled to 518 along one side would be thousands of pixels along the other. */
  private static final int MAX_SIDE = 4 * TARGET;

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final ModelStore store;
  private final int intraOpThreads;
  private final RunSlots runs;
  private final RetirableModels<Network> networks =
      new RetirableModels<>(this::open, DepthAnything::close);
  private final CoreModelUses uses;

  public DepthAnything(ModelStore store, Settings settings, CoreModelUses uses) {
    this.store = store;
    this.uses = uses;
    this.intraOpThreads = settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS);
    this.runs = RunSlots.of("depth", settings);
  }

  /** A loaded network: its session, its input's name and its fixed size (0 where dynamic). */
  private record Network(OrtSession session, String input, int height, int width) {}

  @Override
  public boolean serves(String family) {
    return "depth-anything-v2".equals(family) || "depth-anything-v3".equals(family);
  }

  @Override
  public void load(ModelId id) {
    networks.load(id);
  }

  /** Whether the model is loaded. */
  public boolean loaded(ModelId id) {
    return networks.loaded(id);
  }

  /**
   * The depth map of a BGR image, row by row, {@code bgr.cols() * bgr.rows()} values in [0, 1] (all
   * 0 where the network sees no depth difference at all).
   */
  public float[] estimate(ModelId id, Mat bgr) {
    uses.used(id);
    return networks.use(id, network -> estimate(network, bgr));
  }

  private float[] estimate(Network network, Mat bgr) {
    int h = bgr.rows();
    int w = bgr.cols();
    int[] size = inputSize(network, h, w);
    float[] raw;
    int rawH;
    int rawW;
    runs.acquire();
    try (OnnxTensor input = tensor(bgr, size[0], size[1]);
        OrtSession.Result out = network.session().run(Map.of(network.input(), input))) {
      OnnxTensor map = (OnnxTensor) out.get(0);
      long[] shape = map.getInfo().getShape();
      if (shape.length < 2
          || shape[shape.length - 2] * shape[shape.length - 1] != map.getInfo().getNumElements()) {
        throw new ModelArtefactException(
            "the depth model's output has shape "
                + java.util.Arrays.toString(shape)
                + ", not one map ([1, H, W] or [1, 1, H, W])",
            null);
      }
      rawH = (int) shape[shape.length - 2];
      rawW = (int) shape[shape.length - 1];
      raw = new float[rawH * rawW];
      map.getFloatBuffer().get(raw);
    } catch (OrtException e) {
      throw new ModelArtefactException(
          "ONNX Runtime could not run the depth model: " + e.getMessage(), e);
    } finally {
      runs.release();
    }
    return normalised(resized(raw, rawH, rawW, h, w));
  }

  /**
   * The input's height and width: the model's own where fixed, otherwise Depth Anything's resize
   * (keep the aspect ratio with the scale nearer to 1 of the two that make a side 518, round each
   * side to a multiple of 14), bounded to [14, 2072] a side.
   */
  static int[] inputSize(int fixedH, int fixedW, int h, int w) {
    if (fixedH > 0 && fixedW > 0) {
      return new int[] {fixedH, fixedW};
    }
    double scaleH = TARGET / (double) h;
    double scaleW = TARGET / (double) w;
    double scale = Math.abs(1 - scaleW) < Math.abs(1 - scaleH) ? scaleW : scaleH;
    return new int[] {multipleOf14(scale * h), multipleOf14(scale * w)};
  }

  private static int[] inputSize(Network network, int h, int w) {
    return inputSize(network.height(), network.width(), h, w);
  }

  private static int multipleOf14(double side) {
    // half to even, as Python's round in Depth Anything's image processor
    int rounded = (int) Math.rint(side / MULTIPLE) * MULTIPLE;
    return Math.max(MULTIPLE, Math.min(MAX_SIDE / MULTIPLE * MULTIPLE, rounded));
  }

  private OnnxTensor tensor(Mat bgr, int height, int width) throws OrtException {
    FloatBuffer buffer = FloatBuffer.allocate(3 * height * width);
    try (Mat resized = new Mat();
        Mat floats = new Mat()) {
      opencv_imgproc.resize(
          bgr, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_CUBIC);
      resized.convertTo(floats, opencv_core.CV_32FC3);
      Preprocessor.writeChw(
          floats, width, height, width, height, Normalization.RGB_IMAGENET, buffer);
    }
    buffer.rewind();
    return OnnxTensor.createTensor(env, buffer, new long[] {1, 3, height, width});
  }

  /** The network's map resized to the image, bicubically (as Depth Anything's post-processing). */
  private static float[] resized(float[] raw, int rawH, int rawW, int h, int w) {
    if (rawH == h && rawW == w) {
      return raw;
    }
    float[] out = new float[h * w];
    try (FloatPointer source = new FloatPointer(raw);
        Mat map = new Mat(rawH, rawW, opencv_core.CV_32FC1, source);
        Mat big = new Mat()) {
      opencv_imgproc.resize(map, big, new Size(w, h), 0, 0, opencv_imgproc.INTER_CUBIC);
      try (FloatPointer values = new FloatPointer(big.data())) {
        values.get(out);
      }
    }
    return out;
  }

  /**
   * Stretched to [0, 1] in place; a flat map (no difference above a millionth of its values) is all
   * 0, where Roboflow's server fails the request.
   */
  static float[] normalised(float[] map) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : map) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float range = max - min;
    // Differences at float rounding's scale are no depth: a flat photo's map varies by a few ulps
    // after the network and the resize, which stretched would read as depth.
    boolean flat = !(range > FLAT * Math.max(1e-30f, Math.max(Math.abs(min), Math.abs(max))));
    for (int i = 0; i < map.length; i++) {
      map[i] = flat || !Float.isFinite(range) ? 0 : (map[i] - min) / range;
    }
    return map;
  }

  @Override
  public String taskType() {
    return "depth-estimation";
  }

  @Override
  public java.util.List<ModelId> loaded() {
    return networks.loaded();
  }

  /** Unloads the model once its runs in flight have ended; unknown ids are ignored. */
  @Override
  public void unload(ModelId id) {
    networks.unload(id);
  }

  private static void close(Network n) {
    try {
      n.session().close();
    } catch (OrtException e) {
      // closing anyway
    }
  }

  private Network open(ModelId id) {
    Path file = store.directoryOf(id).resolve("weights.onnx");
    if (!Files.isRegularFile(file)) {
      throw new ModelNotCachedException(
          id.toString(),
          "Depth models are not downloaded: put the model's ONNX file at "
              + id
              + "/weights.onnx under MODEL_CACHE_DIR (docs/models.md says how to make one).");
    }
    try (OrtSession.SessionOptions options =
        OnnxRuntimeEnvironment.foundationOptions(intraOpThreads)) {
      OrtSession session = env.createSession(file.toString(), options);
      Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
      long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
      int inputs = session.getInputInfo().size();
      if (inputs != 1 || shape.length != 4 || shape[1] != 3) {
        session.close();
        throw new ModelArtefactException(
            "the depth model "
                + id
                + " takes "
                + inputs
                + " input(s) of shape "
                + java.util.Arrays.toString(shape)
                + ", not one image [1, 3, H, W]",
            null);
      }
      return new Network(
          session, input.getKey(), (int) Math.max(0, shape[2]), (int) Math.max(0, shape[3]));
    } catch (OrtException e) {
      throw new ModelArtefactException(
          "ONNX Runtime cannot load the depth model " + id + ": " + e.getMessage(), e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    loaded().forEach(this::unload);
  }
}
