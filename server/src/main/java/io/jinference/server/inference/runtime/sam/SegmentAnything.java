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
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Segment Anything (SAM 1 or SAM 2) on the operator's ONNX split, {@code encoder.onnx} and {@code
 * decoder.onnx} at {@code <family>/<version>/} in the model store (the inputs and outputs of the
 * common exports, docs/models.md). The encoder takes the image fitted to its square input (1024),
 * RGB with ImageNet statistics, and gives feature maps; the decoder takes the features whose names
 * it shares with the encoder's outputs, the prompts as points in that square ({@code point_coords},
 * {@code point_labels}: 1 on the object, 0 off it, 2 and 3 a box's corners, -1 padding), {@code
 * mask_input} and {@code has_mask_input}, and {@code orig_im_size} where it declares one; it gives
 * {@code masks} (logits, at low resolution or at the image's size), {@code iou_predictions} and, in
 * some exports, {@code low_res_masks}.
 *
 * <p>SAM 1 fits the image by its longest side and pads right and below ({@code letterbox}); SAM 2
 * stretches it to the square. Embeddings are kept by {@code image_id}, and low-resolution logits on
 * request, in bounded caches.
 *
 * <pre>{@code
 * SamEmbedding e = model.cached(id, "photo").orElseGet(() -> model.embed(id, "photo", bgr));
 * }</pre>
 */
public abstract class SegmentAnything implements CoreModel, AutoCloseable {
  private static final int DEFAULT_SIDE = 1024;
  private static final int DEFAULT_LOW_RES = 256;
  private static final Set<String> PROMPT_INPUTS =
      Set.of("point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size");

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final String family;
  private final String name;
  private final boolean letterbox;
  private final ModelStore store;
  private final int intraOpThreads;
  private final RunSlots runs;
  private final CoreModelUses uses;
  private final SamCaches caches;
  private final RetirableModels<Networks> models =
      new RetirableModels<>(this::open, SegmentAnything::close);

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

  /**
   * @param family the model ids' family ({@code sam}, {@code sam2})
   * @param name the family's name in messages
   * @param letterbox SAM 1's fit (longest side, padded) rather than SAM 2's stretch
   */
  SegmentAnything(
      String family,
      String name,
      boolean letterbox,
      ModelStore store,
      Settings settings,
      CoreModelUses uses,
      int maxEmbeddings,
      int maxLogits) {
    this.family = family;
    this.name = name;
    this.letterbox = letterbox;
    this.store = store;
    this.uses = uses;
    this.intraOpThreads = settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS);
    this.runs = RunSlots.of(family, settings);
    this.caches = new SamCaches(maxEmbeddings, maxLogits);
  }

  @Override
  public boolean serves(String family) {
    return this.family.equals(family);
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
  public Optional<SamEmbedding> cached(ModelId id, String imageId) {
    return caches.embedding(id, imageId);
  }

  /**
   * The image's embedding, kept under {@code imageId} (or, when null, an id made from its pixels:
   * the same picture gets the same id); an embedding already kept under that id is answered as it
   * is.
   */
  public SamEmbedding embed(ModelId id, String imageId, Mat bgr) {
    String key = imageId != null ? imageId : pixelId(bgr);
    Optional<SamEmbedding> kept = caches.embedding(id, key);
    if (kept.isPresent()) {
      return kept.get();
    }
    uses.used(id);
    SamEmbedding e = run(id, n -> encode(n, key, bgr));
    caches.keep(id, e);
    return e;
  }

  /**
   * The decoder's proposals that {@code choice} keeps for each row of points ({@code x, y, label}
   * in the image's pixels), the rows padded to one length with SAM's {@code (0, 0, -1)}.
   *
   * @param prior low-resolution logits to start from, one per row (null entries: none), or null
   */
  protected List<List<SamMask>> decode(
      ModelId id,
      SamEmbedding embedding,
      List<List<float[]>> rows,
      float[][] prior,
      Choice choice) {
    uses.used(id);
    return run(id, n -> decode(n, embedding, rows, prior, choice));
  }

  /**
   * Which of a row's proposals to answer, by their predicted IoUs; only those are resized to the
   * image.
   */
  protected interface Choice {
    int[] keep(float[] scores);
  }

  /** Keeps low-resolution logits for a later prompt set that extends this one. */
  protected void keepLogits(ModelId id, String imageId, List<SamPrompt> prompts, float[][] lowRes) {
    caches.keep(id, imageId, prompts, lowRes);
  }

  /** The logits kept for exactly this prompt set of this image. */
  protected Optional<float[][]> lastLogits(ModelId id, String imageId, List<SamPrompt> prompts) {
    return caches.exactly(id, imageId, prompts);
  }

  /**
   * The kept logits of the latest earlier prompt set of this image that {@code prompts} extends.
   */
  public Optional<float[][]> priorLogits(ModelId id, String imageId, List<SamPrompt> prompts) {
    return caches.prior(id, imageId, prompts);
  }

  /** A feature map the decoder takes: its input's name and shape. */
  public record FeatureInput(String name, long[] shape) {}

  /**
   * The one feature map the model's decoder takes (what embeddings a client sends must be), or
   * empty where it takes several or its shape is not fixed.
   */
  public Optional<FeatureInput> singleFeature(ModelId id) {
    return models.use(
        id,
        n -> {
          List<Map.Entry<String, TensorInfo>> features =
              n.decoderInputs().entrySet().stream()
                  .filter(k -> !PROMPT_INPUTS.contains(k.getKey()))
                  .toList();
          if (features.size() != 1) {
            return Optional.empty();
          }
          long[] shape = features.get(0).getValue().getShape().clone();
          if (shape.length > 0 && shape[0] < 1) {
            shape[0] = 1;
          }
          for (long d : shape) {
            if (d < 1) {
              return Optional.empty();
            }
          }
          return Optional.of(new FeatureInput(features.get(0).getKey(), shape));
        });
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
          "ONNX Runtime could not run the " + name + " model " + id + ": " + e.getMessage(), e);
    }
  }

  private SamEmbedding encode(Networks n, String imageId, Mat bgr) throws OrtException {
    int side = n.side();
    // SAM 2 stretches the picture to its square input; SAM 1 fits its longest side and pads with
    // zeros (the buffer's own) right and below
    int[] size = letterbox ? fitted(side, bgr.rows(), bgr.cols()) : new int[] {side, side};
    FloatBuffer buffer = FloatBuffer.allocate(3 * side * side);
    try (Mat resized = new Mat();
        Mat floats = new Mat()) {
      boolean shrink = bgr.cols() > size[1] || bgr.rows() > size[0];
      opencv_imgproc.resize(
          bgr,
          resized,
          new Size(size[1], size[0]),
          0,
          0,
          shrink ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
      resized.convertTo(floats, opencv_core.CV_32FC3);
      Preprocessor.writeChw(
          floats, size[1], size[0], side, side, Normalization.RGB_IMAGENET, buffer);
    }
    buffer.rewind();
    Map<String, SamEmbedding.Feature> features = new HashMap<>();
    try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {1, 3, side, side});
        OrtSession.Result out = n.encoder().run(Map.of(n.encoderInput(), input))) {
      for (Map.Entry<String, OnnxValue> o : out) {
        if (n.decoderInputs().containsKey(o.getKey()) && o.getValue() instanceof OnnxTensor t) {
          float[] values = new float[(int) t.getInfo().getNumElements()];
          t.getFloatBuffer().get(values);
          features.put(o.getKey(), new SamEmbedding.Feature(t.getInfo().getShape(), values));
        }
      }
    }
    return new SamEmbedding(imageId, features, bgr.rows(), bgr.cols());
  }

  private List<List<SamMask>> decode(
      Networks n, SamEmbedding e, List<List<float[]>> rows, float[][] prior, Choice choice)
      throws OrtException {
    List<List<SamMask>> out = new ArrayList<>();
    if (n.onePromptPerRun()) {
      for (int i = 0; i < rows.size(); i++) {
        out.addAll(
            decodeRows(n, e, rows.subList(i, i + 1), prior == null ? null : sub(prior, i), choice));
      }
      return out;
    }
    return decodeRows(n, e, rows, prior, choice);
  }

  private static float[][] sub(float[][] prior, int i) {
    return new float[][] {prior[i]};
  }

  private List<List<SamMask>> decodeRows(
      Networks n, SamEmbedding e, List<List<float[]>> given, float[][] prior, Choice choice)
      throws OrtException {
    int b = given.size();
    double[] scale = scale(n.side(), e.height(), e.width());
    List<float[]> coords = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    int length = given.stream().mapToInt(List::size).max().orElse(0);
    for (List<float[]> row : given) {
      for (int i = 0; i < length; i++) {
        float[] q = i < row.size() ? row.get(i) : new float[] {0, 0, -1};
        boolean padding = q[2] == -1;
        coords.add(
            new float[] {
              padding ? 0 : (float) (q[0] * scale[0]), padding ? 0 : (float) (q[1] * scale[1])
            });
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
                SamEmbedding.Feature f = e.features().get(name);
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f.values()), f.shape());
              }
            };
        inputs.put(name, t);
      }
      try (OrtSession.Result out = n.decoder().run(inputs)) {
        return masks(n, e, out, b, choice);
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

  private List<List<SamMask>> masks(
      Networks n, SamEmbedding e, OrtSession.Result out, int b, Choice choice) throws OrtException {
    OnnxTensor masks = tensor(out, n.masks());
    OnnxTensor ious = tensor(out, n.ious());
    long[] shape = masks.getInfo().getShape();
    if (shape.length != 4 || shape[0] != b) {
      throw new ModelArtefactException(
          "the "
              + name
              + " decoder's masks have shape "
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
          "the "
              + name
              + " decoder gives "
              + scores.length
              + " IoU predictions for "
              + b * m
              + " masks",
          null);
    }
    float[] lowAll = null;
    int low = n.lowRes();
    if (n.lowResMasks() != null) {
      OnnxTensor l = tensor(out, n.lowResMasks());
      if (l.getInfo().getNumElements() == (long) b * m * low * low) {
        lowAll = new float[(int) l.getInfo().getNumElements()];
        l.getFloatBuffer().get(lowAll);
      }
    }
    List<List<SamMask>> answer = new ArrayList<>();
    for (int row = 0; row < b; row++) {
      List<SamMask> proposals = new ArrayList<>();
      for (int k : choice.keep(Arrays.copyOfRange(scores, row * m, (row + 1) * m))) {
        int at = row * m + k;
        float[] mask = Arrays.copyOfRange(all, at * mh * mw, (at + 1) * mh * mw);
        boolean imageSize = mh == e.height() && mw == e.width();
        float[] lowRes =
            lowAll != null
                ? Arrays.copyOfRange(lowAll, at * low * low, (at + 1) * low * low)
                : imageSize ? toLowRes(mask, e, n.side(), low) : resized(mask, mh, mw, low, low);
        float[] full = imageSize ? mask : toImage(mask, mh, mw, e, n.side());
        proposals.add(new SamMask(full, e.width(), e.height(), lowRes, low, scores[at]));
      }
      answer.add(proposals);
    }
    return answer;
  }

  /** Pixel coordinates to the square input's: {@code [x scale, y scale]}. */
  private double[] scale(int side, int h, int w) {
    if (letterbox) {
      int[] fitted = fitted(side, h, w);
      return new double[] {fitted[1] / (double) w, fitted[0] / (double) h};
    }
    return new double[] {side / (double) w, side / (double) h};
  }

  /** SAM 1's fitted size, {@code [height, width]}: the longest side made {@code side}. */
  private static int[] fitted(int side, int h, int w) {
    double s = side / (double) Math.max(h, w);
    return new int[] {(int) (h * s + 0.5), (int) (w * s + 0.5)};
  }

  /**
   * Logits over the square input's frame to the image's size: SAM 2's frame is the stretched image;
   * SAM 1's is the fitted image padded, so the padding is cut off first (as SAM's own
   * post-processing).
   */
  private float[] toImage(float[] mask, int mh, int mw, SamEmbedding e, int side) {
    if (!letterbox || mh != mw) {
      return resized(mask, mh, mw, e.height(), e.width());
    }
    int[] fitted = fitted(side, e.height(), e.width());
    float[] square = resized(mask, mh, mw, side, side);
    try (FloatPointer source = new FloatPointer(square);
        Mat frame = new Mat(side, side, opencv_core.CV_32FC1, source);
        Mat image = new Mat(frame, new Rect(0, 0, fitted[1], fitted[0]));
        Mat out = new Mat()) {
      opencv_imgproc.resize(
          image, out, new Size(e.width(), e.height()), 0, 0, opencv_imgproc.INTER_LINEAR);
      float[] values = new float[e.width() * e.height()];
      try (FloatPointer v = new FloatPointer(out.data())) {
        v.get(values);
      }
      return values;
    }
  }

  /** Logits at the image's size to the low-resolution frame (SAM 1's padding: far outside). */
  private float[] toLowRes(float[] mask, SamEmbedding e, int side, int low) {
    if (!letterbox) {
      return resized(mask, e.height(), e.width(), low, low);
    }
    int[] fitted = fitted(side, e.height(), e.width());
    float[] inFrame = resized(mask, e.height(), e.width(), fitted[0], fitted[1]);
    try (FloatPointer source = new FloatPointer(inFrame);
        Mat image = new Mat(fitted[0], fitted[1], opencv_core.CV_32FC1, source);
        Mat frame = new Mat();
        Mat out = new Mat()) {
      opencv_core.copyMakeBorder(
          image,
          frame,
          0,
          side - fitted[0],
          0,
          side - fitted[1],
          opencv_core.BORDER_CONSTANT,
          new org.bytedeco.opencv.opencv_core.Scalar(-20.0));
      opencv_imgproc.resize(frame, out, new Size(low, low), 0, 0, opencv_imgproc.INTER_LINEAR);
      float[] values = new float[low * low];
      try (FloatPointer v = new FloatPointer(out.data())) {
        v.get(values);
      }
      return values;
    }
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
          name
              + " models are not downloaded: put the model's encoder.onnx and decoder.onnx in "
              + id
              + "/ under MODEL_CACHE_DIR (docs/models.md says how to make them).");
    }
    OrtSession enc = null;
    OrtSession dec = null;
    try {
      enc = OnnxRuntimeEnvironment.openFoundation(encoder, intraOpThreads);
      dec = OnnxRuntimeEnvironment.openFoundation(decoder, intraOpThreads);
      Map.Entry<String, NodeInfo> in = enc.getInputInfo().entrySet().iterator().next();
      long[] image = ((TensorInfo) in.getValue().getInfo()).getShape();
      if (enc.getInputInfo().size() != 1
          || image.length != 4
          || image[1] != 3
          || image[2] != image[3]) {
        throw new ModelArtefactException(
            "the "
                + name
                + " encoder of "
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
              "the "
                  + name
                  + " decoder of "
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
              "the " + name + " decoder of " + id + " has no input " + needed, null);
        }
      }
      TensorInfo maskInput = decoderInputs.get("mask_input");
      int low =
          maskInput != null && maskInput.getShape().length == 4 && maskInput.getShape()[3] > 0
              ? (int) maskInput.getShape()[3]
              : DEFAULT_LOW_RES;
      // a decoder of batch 1, or one that answers masks at the image's size (orig_im_size): one
      // prompt a run, so a run holds at most one prompt's proposals at full size
      boolean onePerRun =
          decoderInputs.get("point_coords").getShape()[0] == 1
              || decoderInputs.containsKey("orig_im_size");
      List<String> outputs = new ArrayList<>(dec.getOutputNames());
      String masks = outputs.contains("masks") ? "masks" : outputs.get(0);
      String ious =
          outputs.contains("iou_predictions")
              ? "iou_predictions"
              : outputs.stream().filter(o -> !o.equals(masks)).findFirst().orElse(null);
      String lowRes = outputs.stream().filter(o -> o.contains("low_res")).findFirst().orElse(null);
      if (ious == null) {
        throw new ModelArtefactException(
            "the " + name + " decoder of " + id + " gives no IoU predictions", null);
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
      OnnxRuntimeEnvironment.closeQuietly(enc);
      OnnxRuntimeEnvironment.closeQuietly(dec);
      throw new ModelArtefactException(
          "ONNX Runtime cannot load the " + name + " model " + id + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      OnnxRuntimeEnvironment.closeQuietly(enc);
      OnnxRuntimeEnvironment.closeQuietly(dec);
      throw e;
    }
  }

  private static void close(Networks n) {
    OnnxRuntimeEnvironment.closeQuietly(n.encoder());
    OnnxRuntimeEnvironment.closeQuietly(n.decoder());
  }

  @Override
  public void close() {
    loaded().forEach(this::unload);
  }
}
