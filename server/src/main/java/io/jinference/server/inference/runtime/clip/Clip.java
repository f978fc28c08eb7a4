package io.jinference.server.inference.runtime.clip;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
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
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * CLIP image and text embeddings from Roboflow's CLIP ONNX files, brought by the operator: {@code
 * visual.onnx} (an image f32[N, 3, S, S], S 224 unless the file fixes another) and {@code
 * textual.onnx} (77 token ids, int64 or int32) at {@code clip/<version>/} in the model store.
 * Images are prepared as CLIP's own preprocessing does: the centre square, resized to S x S
 * (bicubic), RGB in [0, 1] normalised by CLIP's mean and deviation.
 *
 * <pre>{@code
 * float[] dog = clip.embedText(ModelId.parse("clip/ViT-B-16"), "a photo of a dog");
 * }</pre>
 */
@Singleton
public final class Clip implements CoreModel, AutoCloseable {
  private static final int DEFAULT_SIDE = 224;

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final ModelStore store;
  private final int intraOpThreads;
  private final RunSlots runs;
  private final CoreModelUses uses;
  private final RetirableModels<Encoders> models = new RetirableModels<>(this::open, Clip::close);

  /** A loaded model: both sessions, the image side and whether ids go in as int32. */
  private record Encoders(
      OrtSession visual,
      String visualInput,
      int side,
      OrtSession textual,
      String textualInput,
      boolean int32Ids) {}

  public Clip(ModelStore store, Settings settings, CoreModelUses uses) {
    this.store = store;
    this.uses = uses;
    this.intraOpThreads = settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS);
    this.runs = RunSlots.of("clip", settings);
  }

  @Override
  public boolean serves(String family) {
    return "clip".equals(family);
  }

  @Override
  public void load(ModelId id) {
    models.load(id);
  }

  @Override
  public String taskType() {
    return "embed";
  }

  @Override
  public List<ModelId> loaded() {
    return models.loaded();
  }

  /** Unloads the model once its runs in flight have ended; unknown ids are ignored. */
  @Override
  public void unload(ModelId id) {
    models.unload(id);
  }

  /** The embedding of a BGR image. */
  public float[] embedImage(ModelId id, Mat bgr) {
    return use(id, e -> run(e.visual(), e.visualInput(), imageTensor(bgr, e.side())));
  }

  /**
   * The embedding of a text.
   *
   * @throws ClipTokenizer.TextTooLongException over 75 CLIP tokens
   */
  public float[] embedText(ModelId id, String text) {
    long[] ids = ClipTokenizer.bundled().tokenize(text);
    return use(id, e -> run(e.textual(), e.textualInput(), idTensor(ids, e.int32Ids())));
  }

  /**
   * The cosine similarity of the image to each text, in order (Roboflow's {@code clip_compare} of
   * an image subject and text prompts).
   */
  public List<Double> similarities(ModelId id, Mat bgr, List<String> texts) {
    float[] image = embedImage(id, bgr);
    List<Double> out = new java.util.ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(cosine(image, embedText(id, text)));
    }
    return out;
  }

  /**
   * The cosine similarity of two embeddings (0 where one is all zeros).
   *
   * @throws InvalidRequestException where their sizes differ (the model's two files disagree)
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "The model's image and text embeddings differ in size ("
              + a.length
              + ", "
              + b.length
              + ").");
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private float[] use(ModelId id, RetirableModels.Work<Encoders, float[], OrtException> work) {
    uses.used(id);
    try {
      return models.use(
          id,
          e -> {
            runs.acquire();
            try {
              return work.on(e);
            } finally {
              runs.release();
            }
          });
    } catch (OrtException ex) {
      throw new ModelArtefactException(
          "ONNX Runtime could not run the CLIP model " + id + ": " + ex.getMessage(), ex);
    }
  }

  private static float[] run(OrtSession session, String input, OnnxTensor tensor)
      throws OrtException {
    try (tensor;
        OrtSession.Result out = session.run(Map.of(input, tensor))) {
      OnnxTensor embedding = (OnnxTensor) out.get(0);
      long[] shape = embedding.getInfo().getShape();
      if (shape.length != 2 || shape[0] != 1) {
        throw new ModelArtefactException(
            "the CLIP model's output has shape "
                + java.util.Arrays.toString(shape)
                + ", not one embedding [1, D]",
            null);
      }
      float[] values = new float[(int) shape[1]];
      embedding.getFloatBuffer().get(values);
      return values;
    }
  }

  /**
   * CLIP's preprocessing: the shorter side resized to {@code side} and the centre square cropped
   * (done here as the centre square of the original, then resized, so a thin image never makes a
   * huge intermediate; the window differs from torchvision's by under a pixel), RGB, CLIP's
   * statistics.
   */
  private OnnxTensor imageTensor(Mat bgr, int side) throws OrtException {
    int h = bgr.rows();
    int w = bgr.cols();
    int shorter = Math.min(h, w);
    int top = (int) Math.round((h - shorter) / 2.0);
    int left = (int) Math.round((w - shorter) / 2.0);
    FloatBuffer buffer = FloatBuffer.allocate(3 * side * side);
    try (Mat square = new Mat(bgr, new Rect(left, top, shorter, shorter));
        Mat resized = new Mat();
        Mat floats = new Mat()) {
      opencv_imgproc.resize(
          square, resized, new Size(side, side), 0, 0, opencv_imgproc.INTER_CUBIC);
      resized.convertTo(floats, opencv_core.CV_32FC3);
      Preprocessor.writeChw(floats, side, side, side, side, Normalization.RGB_CLIP, buffer);
    }
    buffer.rewind();
    return OnnxTensor.createTensor(env, buffer, new long[] {1, 3, side, side});
  }

  private OnnxTensor idTensor(long[] ids, boolean int32) throws OrtException {
    long[] shape = {1, ids.length};
    if (int32) {
      int[] narrow = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        narrow[i] = (int) ids[i];
      }
      return OnnxTensor.createTensor(env, IntBuffer.wrap(narrow), shape);
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
  }

  private Encoders open(ModelId id) {
    Path dir = store.directoryOf(id);
    Path visual = dir.resolve("visual.onnx");
    Path textual = dir.resolve("textual.onnx");
    if (!Files.isRegularFile(visual) || !Files.isRegularFile(textual)) {
      throw new ModelNotCachedException(
          id.toString(),
          "CLIP models are not downloaded: put the model's visual.onnx and textual.onnx in "
              + id
              + "/ under MODEL_CACHE_DIR (docs/models.md says how to make them).");
    }
    OrtSession v = null;
    try {
      v = OnnxRuntimeEnvironment.openFoundation(visual, intraOpThreads);
      OrtSession t = OnnxRuntimeEnvironment.openFoundation(textual, intraOpThreads);
      Map.Entry<String, NodeInfo> vin = v.getInputInfo().entrySet().iterator().next();
      Map.Entry<String, NodeInfo> tin = t.getInputInfo().entrySet().iterator().next();
      TensorInfo vinfo = (TensorInfo) vin.getValue().getInfo();
      TensorInfo tinfo = (TensorInfo) tin.getValue().getInfo();
      long[] vshape = vinfo.getShape();
      long[] tshape = tinfo.getShape();
      boolean int32 = tinfo.type == OnnxJavaType.INT32;
      if (vshape.length != 4
          || vshape[1] != 3
          || vshape[2] != vshape[3]
          || tshape.length != 2
          || (tshape[1] > 0 && tshape[1] != ClipTokenizer.CONTEXT_LENGTH)
          || !(int32 || tinfo.type == OnnxJavaType.INT64)) {
        t.close();
        throw new ModelArtefactException(
            "the CLIP model "
                + id
                + " takes an image of shape "
                + java.util.Arrays.toString(vshape)
                + " and ids of shape "
                + java.util.Arrays.toString(tshape)
                + " ("
                + tinfo.type
                + "), not [N, 3, S, S] and [N, 77] (int64 or int32)",
            null);
      }
      int side = vshape[2] > 0 ? (int) vshape[2] : DEFAULT_SIDE;
      return new Encoders(v, vin.getKey(), side, t, tin.getKey(), int32);
    } catch (OrtException e) {
      OnnxRuntimeEnvironment.closeQuietly(v);
      throw new ModelArtefactException(
          "ONNX Runtime cannot load the CLIP model " + id + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      OnnxRuntimeEnvironment.closeQuietly(v);
      throw e;
    }
  }

  private static void close(Encoders e) {
    OnnxRuntimeEnvironment.closeQuietly(e.visual());
    OnnxRuntimeEnvironment.closeQuietly(e.textual());
  }

  @PreDestroy
  @Override
  public void close() {
    loaded().forEach(this::unload);
  }
}
