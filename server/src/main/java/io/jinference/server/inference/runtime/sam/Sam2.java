package io.jinference.server.inference.runtime.sam;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
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
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Segment Anything 2 on the operator's ONNX split, {@code encoder.onnx} and {@code decoder.onnx} at
 * {@code sam2/<version>/} in the model store (the inputs and outputs of the common SAM 2 exports,
 * docs/models.md). The encoder takes the image resized to its square input (1024), RGB with
 * ImageNet statistics, and gives feature maps; the decoder takes the features whose names it shares
 * with the encoder's outputs, the prompts as points in that square ({@code point_coords}, {@code
 * point_labels}: 1 on the object, 0 off it, 2 and 3 a box's corners, -1 padding), {@code
 * mask_input} and {@code has_mask_input}, and {@code orig_im_size} where it declares one; it gives
 * {@code masks} (logits, at low resolution or at the image's size) and {@code iou_predictions}.
 *
 * <p>Embeddings are kept by {@code image_id} ({@code SAM2_MAX_EMBEDDING_CACHE_SIZE}), and the
 * low-resolution logits of answered prompts on request ({@code SAM2_MAX_LOGITS_CACHE_SIZE}).
 *
 * <pre>{@code
 * Sam2Embedding e = sam2.embed(id, null, bgr);
 * List<SamMask> masks = sam2.segment(id, e, prompts, true, null);
 * }</pre>
 */
@Singleton
public final class Sam2 implements CoreModel, AutoCloseable {
  private static final int DEFAULT_SIDE = 1024;
  private static final int DEFAULT_LOW_RES = 256;
  private static final Set<String> PROMPT_INPUTS =
      Set.of("point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size");

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final ModelStore store;
  private final int intraOpThreads;
  private final RunSlots runs;
  private final CoreModelUses uses;
  private final Sam2Caches caches;
  private final RetirableModels<Networks> models = new RetirableModels<>(this::open, Sam2::close);

  /** A loaded model: both sessions and what was read of their inputs and outputs. */
  private record Networks(
      OrtSession encoder,
      String encoderInput,
      int side,
      OrtSession decoder,
      Map<String, TensorInfo> decoderInputs,
      boolean onePromptPerRun,
      int lowRes,
      String masks,
      String ious,
      String lowResMasks) {}

  public Sam2(ModelStore store, Settings settings, CoreModelUses uses) {
    this.store = store;
    this.uses = uses;
    this.intraOpThreads = settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS);
    this.runs = RunSlots.of("sam2", settings);
    this.caches =
        new Sam2Caches(
            settings.integer(Setting.SAM2_MAX_EMBEDDING_CACHE_SIZE),
            settings.integer(Setting.SAM2_MAX_LOGITS_CACHE_SIZE));
  }

  @Override
  public boolean serves(String family) {
    return "sam2".equals(family);
  }

  @Override
  public void load(ModelId id) {
    models.load(id);
  }

  @Override
  public String taskType() {
    return "unsupervised-segmentation";
  }

  @Override
  public List<ModelId> loaded() {
    return models.loaded();
  }

  /** Unloads the model once its runs in flight have ended, and forgets its kept embeddings. */
  @Override
  public void unload(ModelId id) {
    models.unload(id);
    caches.forget(id);
  }

  /** The embedding kept under {@code imageId}, if it is still kept. */
  public Optional<Sam2Embedding> cached(ModelId id, String imageId) {
    return caches.embedding(id, imageId);
  }

  /**
   * The image's embedding, kept under {@code imageId} (or, when null, an id made from its pixels:
   * the same picture gets the same id); an embedding already kept under that id is answered as it
   * is.
   */
  public Sam2Embedding embed(ModelId id, String imageId, Mat bgr) {
    String key = imageId != null ? imageId : pixelId(bgr);
    Optional<Sam2Embedding> kept = caches.embedding(id, key);
    if (kept.isPresent()) {
      return kept.get();
    }
    uses.used(id);
    Sam2Embedding e = run(id, n -> encode(n, key, bgr));
    caches.keep(id, e);
    return e;
  }

  /**
   * One mask per prompt (one for the whole picture when there are none): the most confident of the
   * decoder's proposals (with {@code multimask}, of its three; otherwise its single mask).
   *
   * @param prior low-resolution logits to start from, one per prompt, or null
   */
  public List<SamMask> segment(
      ModelId id,
      Sam2Embedding embedding,
      List<SamPrompt> prompts,
      boolean multimask,
      float[][] prior) {
    uses.used(id);
    List<SamPrompt> rows = prompts.isEmpty() ? List.of(new SamPrompt(null, List.of())) : prompts;
    return run(id, n -> decode(n, embedding, rows, multimask, prior));
  }

  /** Keeps the answer's low-resolution logits for a later prompt set that extends this one. */
  public void keepLogits(ModelId id, String imageId, List<SamPrompt> prompts, List<SamMask> masks) {
    caches.keep(id, imageId, prompts, masks.stream().map(SamMask::lowRes).toArray(float[][]::new));
  }

  /**
   * The kept logits of the latest earlier prompt set of this image that {@code prompts} extends.
   */
  public Optional<float[][]> priorLogits(ModelId id, String imageId, List<SamPrompt> prompts) {
    return caches.prior(id, imageId, prompts);
  }

  private <R> R run(ModelId id, RetirableModels.Work<Networks, R, OrtException> work) {
    try {
      return models.use(
          id,
          n -> {
            runs.acquire();
            try {
              return work.on(n);
            } finally {
              runs.release();
            }
          });
    } catch (OrtException e) {
      throw new ModelArtefactException(
          "ONNX Runtime could not run the SAM 2 model " + id + ": " + e.getMessage(), e);
    }
  }

  private Sam2Embedding encode(Networks n, String imageId, Mat bgr) throws OrtException {
    int side = n.side();
    FloatBuffer buffer = FloatBuffer.allocate(3 * side * side);
    try (Mat resized = new Mat();
        Mat floats = new Mat()) {
      // SAM 2 stretches the picture to its square input (no letterbox)
      boolean shrink = bgr.cols() > side || bgr.rows() > side;
      opencv_imgproc.resize(
          bgr,
          resized,
          new Size(side, side),
          0,
          0,
          shrink ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
      resized.convertTo(floats, opencv_core.CV_32FC3);
      Preprocessor.writeChw(floats, side, side, side, side, Normalization.RGB_IMAGENET, buffer);
    }
    buffer.rewind();
    Map<String, Sam2Embedding.Feature> features = new HashMap<>();
    try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {1, 3, side, side});
        OrtSession.Result out = n.encoder().run(Map.of(n.encoderInput(), input))) {
      for (Map.Entry<String, OnnxValue> o : out) {
        if (n.decoderInputs().containsKey(o.getKey()) && o.getValue() instanceof OnnxTensor t) {
          float[] values = new float[(int) t.getInfo().getNumElements()];
          t.getFloatBuffer().get(values);
          features.put(o.getKey(), new Sam2Embedding.Feature(t.getInfo().getShape(), values));
        }
      }
    }
    return new Sam2Embedding(imageId, features, bgr.rows(), bgr.cols());
  }

  private List<SamMask> decode(
      Networks n, Sam2Embedding e, List<SamPrompt> rows, boolean multimask, float[][] prior)
      throws OrtException {
    List<SamMask> out = new ArrayList<>();
    if (n.onePromptPerRun()) {
      for (int i = 0; i < rows.size(); i++) {
        out.addAll(
            decodeRows(
                n, e, rows.subList(i, i + 1), multimask, prior == null ? null : sub(prior, i)));
      }
      return out;
    }
    return decodeRows(n, e, rows, multimask, prior);
  }

  private static float[][] sub(float[][] prior, int i) {
    return new float[][] {prior[i]};
  }

  private List<SamMask> decodeRows(
      Networks n, Sam2Embedding e, List<SamPrompt> rows, boolean multimask, float[][] prior)
      throws OrtException {
    int b = rows.size();
    double sx = n.side() / (double) e.width();
    double sy = n.side() / (double) e.height();
    List<float[]> coords = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    int length = 0;
    List<List<float[]>> perRow = new ArrayList<>();
    for (SamPrompt p : rows) {
      List<float[]> points = new ArrayList<>(); // x, y, label
      double[] box = p.box();
      if (box != null) {
        points.add(new float[] {(float) (box[0] * sx), (float) (box[1] * sy), 2});
        points.add(new float[] {(float) (box[2] * sx), (float) (box[3] * sy), 3});
      }
      for (SamPrompt.Point q : p.points()) {
        points.add(new float[] {(float) (q.x() * sx), (float) (q.y() * sy), q.positive() ? 1 : 0});
      }
      if (box == null) {
        points.add(new float[] {0, 0, -1}); // SAM's padding point where there is no box
      }
      perRow.add(points);
      length = Math.max(length, points.size());
    }
    for (List<float[]> points : perRow) {
      while (points.size() < length) {
        points.add(new float[] {0, 0, -1});
      }
      for (float[] q : points) {
        coords.add(q);
        labels.add(q[2]);
      }
    }
    int low = n.lowRes();
    float[] coordValues = new float[b * length * 2];
    for (int i = 0; i < coords.size(); i++) {
      coordValues[2 * i] = coords.get(i)[0];
      coordValues[2 * i + 1] = coords.get(i)[1];
    }
    float[] maskInput = new float[b * low * low];
    float[] hasMask = new float[b];
    if (prior != null) {
      for (int i = 0; i < b; i++) {
        if (prior[i] != null && prior[i].length == low * low) {
          System.arraycopy(prior[i], 0, maskInput, i * low * low, low * low);
          hasMask[i] = 1;
        }
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (Map.Entry<String, TensorInfo> in : n.decoderInputs().entrySet()) {
        String name = in.getKey();
        OnnxTensor t =
            switch (name) {
              case "point_coords" ->
                  OnnxTensor.createTensor(
                      env, FloatBuffer.wrap(coordValues), new long[] {b, length, 2});
              case "point_labels" -> labelTensor(in.getValue(), labels, new long[] {b, length});
              case "mask_input" ->
                  OnnxTensor.createTensor(
                      env, FloatBuffer.wrap(maskInput), new long[] {b, 1, low, low});
              case "has_mask_input" ->
                  OnnxTensor.createTensor(env, FloatBuffer.wrap(hasMask), new long[] {b});
              case "orig_im_size" -> sizeTensor(in.getValue(), e.height(), e.width());
              default -> {
                Sam2Embedding.Feature f = e.features().get(name);
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f.values()), f.shape());
              }
            };
        inputs.put(name, t);
      }
      try (OrtSession.Result out = n.decoder().run(inputs)) {
        return masks(n, e, out, b, multimask);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor labelTensor(TensorInfo info, List<Float> labels, long[] shape)
      throws OrtException {
    if (info.type == OnnxJavaType.INT64) {
      return OnnxTensor.createTensor(
          env, LongBuffer.wrap(labels.stream().mapToLong(Float::longValue).toArray()), shape);
    }
    if (info.type == OnnxJavaType.INT32) {
      return OnnxTensor.createTensor(
          env, IntBuffer.wrap(labels.stream().mapToInt(Float::intValue).toArray()), shape);
    }
    float[] values = new float[labels.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels.get(i);
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
  }

  private OnnxTensor sizeTensor(TensorInfo info, int h, int w) throws OrtException {
    long[] shape = {2};
    if (info.type == OnnxJavaType.INT64) {
      return OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {h, w}), shape);
    }
    if (info.type == OnnxJavaType.INT32) {
      return OnnxTensor.createTensor(env, IntBuffer.wrap(new int[] {h, w}), shape);
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {h, w}), shape);
  }

  private List<SamMask> masks(
      Networks n, Sam2Embedding e, OrtSession.Result out, int b, boolean multimask)
      throws OrtException {
    OnnxTensor masks = tensor(out, n.masks());
    OnnxTensor ious = tensor(out, n.ious());
    long[] shape = masks.getInfo().getShape();
    if (shape.length != 4 || shape[0] != b) {
      throw new ModelArtefactException(
          "the SAM 2 decoder's masks have shape "
              + Arrays.toString(shape)
              + ", not [prompts, masks, H, W]",
          null);
    }
    int m = (int) shape[1];
    int mh = (int) shape[2];
    int mw = (int) shape[3];
    float[] all = new float[(int) masks.getInfo().getNumElements()];
    masks.getFloatBuffer().get(all);
    float[] scores = new float[(int) ious.getInfo().getNumElements()];
    ious.getFloatBuffer().get(scores);
    if (scores.length != b * m) {
      throw new ModelArtefactException(
          "the SAM 2 decoder gives " + scores.length + " IoU predictions for " + b * m + " masks",
          null);
    }
    float[] lowAll = null;
    if (n.lowResMasks() != null) {
      OnnxTensor l = tensor(out, n.lowResMasks());
      lowAll = new float[(int) l.getInfo().getNumElements()];
      l.getFloatBuffer().get(lowAll);
    }
    int low = n.lowRes();
    List<SamMask> answer = new ArrayList<>();
    for (int row = 0; row < b; row++) {
      int best = choose(scores, row * m, m, multimask);
      float[] chosen =
          Arrays.copyOfRange(all, (row * m + best) * mh * mw, (row * m + best + 1) * mh * mw);
      float[] lowRes;
      if (lowAll != null && lowAll.length == b * m * low * low) {
        lowRes =
            Arrays.copyOfRange(
                lowAll, (row * m + best) * low * low, (row * m + best + 1) * low * low);
      } else {
        lowRes = resized(chosen, mh, mw, low, low);
      }
      float[] full = resized(chosen, mh, mw, e.height(), e.width());
      answer.add(new SamMask(full, e.width(), e.height(), lowRes, low, scores[row * m + best]));
    }
    return answer;
  }

  /**
   * SAM's choice: of four proposals the first is the single-mask answer and the other three the
   * multimask ones; of those, the most confident (Roboflow's). A decoder that gives another count
   * answers its most confident.
   */
  static int choose(float[] scores, int from, int m, boolean multimask) {
    if (m == 4 && !multimask) {
      return 0;
    }
    int start = m == 4 ? 1 : 0;
    int best = start;
    for (int k = start; k < m; k++) {
      if (scores[from + k] > scores[from + best]) {
        best = k;
      }
    }
    return best;
  }

  private static OnnxTensor tensor(OrtSession.Result out, String name) {
    return (OnnxTensor)
        out.get(name).orElseThrow(() -> new ModelArtefactException("no output " + name, null));
  }

  /** Logits resized bilinearly (half-pixel centres, as PyTorch's interpolate without corners). */
  private static float[] resized(float[] values, int h, int w, int toH, int toW) {
    if (h == toH && w == toW) {
      return values;
    }
    float[] out = new float[toH * toW];
    try (FloatPointer source = new FloatPointer(values);
        Mat map = new Mat(h, w, opencv_core.CV_32FC1, source);
        Mat big = new Mat()) {
      opencv_imgproc.resize(map, big, new Size(toW, toH), 0, 0, opencv_imgproc.INTER_LINEAR);
      try (FloatPointer v = new FloatPointer(big.data())) {
        v.get(out);
      }
    }
    return out;
  }

  /** The first 12 hex digits of the MD5 of the pixels (Roboflow makes its ids the same way). */
  static String pixelId(Mat bgr) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      try (Mat continuous = bgr.isContinuous() ? null : bgr.clone()) {
        Mat m = continuous != null ? continuous : bgr;
        long size = m.total() * m.elemSize();
        byte[] chunk = new byte[1 << 16];
        BytePointer data = m.data();
        for (long at = 0; at < size; at += chunk.length) {
          int len = (int) Math.min(chunk.length, size - at);
          data.position(at).get(chunk, 0, len);
          md5.update(chunk, 0, len);
        }
        data.position(0);
      }
      return HexFormat.of().formatHex(md5.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Networks open(ModelId id) {
    Path dir = store.directoryOf(id);
    Path encoder = dir.resolve("encoder.onnx");
    Path decoder = dir.resolve("decoder.onnx");
    if (!Files.isRegularFile(encoder) || !Files.isRegularFile(decoder)) {
      throw new ModelNotCachedException(
          id.toString(),
          "SAM 2 models are not downloaded: put the model's encoder.onnx and decoder.onnx in "
              + id
              + "/ under MODEL_CACHE_DIR (docs/models.md says how to make them).");
    }
    OrtSession enc = null;
    OrtSession dec = null;
    try {
      enc = session(encoder);
      dec = session(decoder);
      Map.Entry<String, NodeInfo> in = enc.getInputInfo().entrySet().iterator().next();
      long[] image = ((TensorInfo) in.getValue().getInfo()).getShape();
      if (enc.getInputInfo().size() != 1
          || image.length != 4
          || image[1] != 3
          || image[2] != image[3]) {
        throw new ModelArtefactException(
            "the SAM 2 encoder of "
                + id
                + " takes "
                + Arrays.toString(image)
                + ", not one square image [1, 3, S, S]",
            null);
      }
      Map<String, TensorInfo> decoderInputs = new HashMap<>();
      for (Map.Entry<String, NodeInfo> d : dec.getInputInfo().entrySet()) {
        String name = d.getKey();
        if (!PROMPT_INPUTS.contains(name) && !enc.getOutputNames().contains(name)) {
          throw new ModelArtefactException(
              "the SAM 2 decoder of "
                  + id
                  + " takes "
                  + name
                  + ", neither an output of its encoder "
                  + enc.getOutputNames()
                  + " nor one of "
                  + PROMPT_INPUTS,
              null);
        }
        decoderInputs.put(name, (TensorInfo) d.getValue().getInfo());
      }
      for (String needed : List.of("point_coords", "point_labels")) {
        if (!decoderInputs.containsKey(needed)) {
          throw new ModelArtefactException(
              "the SAM 2 decoder of " + id + " has no input " + needed, null);
        }
      }
      TensorInfo maskInput = decoderInputs.get("mask_input");
      int low =
          maskInput != null && maskInput.getShape().length == 4 && maskInput.getShape()[3] > 0
              ? (int) maskInput.getShape()[3]
              : DEFAULT_LOW_RES;
      boolean onePerRun = decoderInputs.get("point_coords").getShape()[0] == 1;
      List<String> outputs = new ArrayList<>(dec.getOutputNames());
      String masks = outputs.contains("masks") ? "masks" : outputs.get(0);
      String ious =
          outputs.contains("iou_predictions")
              ? "iou_predictions"
              : outputs.stream().filter(o -> !o.equals(masks)).findFirst().orElse(null);
      String lowRes = outputs.stream().filter(o -> o.contains("low_res")).findFirst().orElse(null);
      if (ious == null) {
        throw new ModelArtefactException(
            "the SAM 2 decoder of " + id + " gives no IoU predictions", null);
      }
      int side = image[2] > 0 ? (int) image[2] : DEFAULT_SIDE;
      return new Networks(
          enc,
          in.getKey(),
          side,
          dec,
          Map.copyOf(decoderInputs),
          onePerRun,
          low,
          masks,
          ious,
          lowRes);
    } catch (OrtException e) {
      closeQuietly(enc);
      closeQuietly(dec);
      throw new ModelArtefactException(
          "ONNX Runtime cannot load the SAM 2 model " + id + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(enc);
      closeQuietly(dec);
      throw e;
    }
  }

  private OrtSession session(Path file) throws OrtException {
    try (OrtSession.SessionOptions options =
        OnnxRuntimeEnvironment.foundationOptions(intraOpThreads)) {
      return env.createSession(file.toString(), options);
    }
  }

  private static void close(Networks n) {
    closeQuietly(n.encoder());
    closeQuietly(n.decoder());
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        // closing anyway
      }
    }
  }

  @PreDestroy
  @Override
  public void close() {
    loaded().forEach(this::unload);
  }
}
