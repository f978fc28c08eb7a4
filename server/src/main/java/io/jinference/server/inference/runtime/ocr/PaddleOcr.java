package io.jinference.server.inference.runtime.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.inference.decode.Normalization;
import io.jinference.server.inference.runtime.OnnxRuntimeEnvironment;
import io.jinference.server.inference.runtime.Preprocessor;
import io.jinference.server.inference.runtime.Retirable;
import io.jinference.server.inference.runtime.RunSlots;
import io.jinference.server.model.CoreModel;
import io.jinference.server.model.CoreModelUses;
import io.jinference.server.model.ModelId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * PP-OCR (PaddleOCR's PP-OCRv4 detection and recognition, and its text-angle classifier) on ONNX
 * Runtime, as RapidOCR runs the same ONNX files: text lines found by DB detection on a copy whose
 * shorter side is 736 pixels, each cut out along its rotated box, turned upright when the
 * classifier is sure it is upside down, and read by CTC over the 6,623-character dictionary; lines
 * read with less than 0.5 confidence are left out. The models load at the first call and stay.
 *
 * <pre>{@code
 * List<TextLine> lines = ocr.read(bgr); // top to bottom, left to right
 * }</pre>
 */
@Singleton
public final class PaddleOcr implements AutoCloseable, CoreModel {
  private static final String MODELS = "/models/";
  private static final int MAX_SIDE = 2000;
  private static final int MIN_SIDE = 30;
  private static final int MIN_HEIGHT = 30;
  private static final int MAX_WIDTH_PER_HEIGHT = 8;
  private static final int DET_SHORT_SIDE = 736;
  private static final int MAX_DET_SIDE = 4000;
  private static final int MAX_REC_WIDTH = 3200; // about 130 characters of a 48-pixel line
  private static final double TEXT_SCORE = 0.5;
  private static final int BATCH = 6;
  private static final float CLS_THRESHOLD = 0.9f;

  /** PaddleOCR's input: BGR, (value - 127.5) / 127.5, that is [-1, 1]. */
  private static final Normalization NORMALIZATION =
      new Normalization(
          false, new float[] {127.5f, 127.5f, 127.5f}, new float[] {127.5f, 127.5f, 127.5f});

  /** The id the loaded models are listed and counted under: one set serves every version id. */
  private static final ModelId ID = ModelId.parse("pp_ocr/small-small");

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final int intraOpThreads;
  private final RunSlots runs;
  private volatile Retirable<Sessions> sessions;
  private final CoreModelUses uses;

  @Inject
  public PaddleOcr(Settings settings, CoreModelUses uses) {
    this(
        settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS),
        RunSlots.of("pp_ocr", settings),
        uses);
  }

  /**
   * @param runs how many images are read at once, and how many may wait (as a model's run slots: a
   *     full queue answers 429)
   */
  PaddleOcr(int intraOpThreads, RunSlots runs, CoreModelUses uses) {
    this.intraOpThreads = intraOpThreads;
    this.runs = runs;
    this.uses = uses;
  }

  /** The three sessions and the dictionary, loaded together once. */
  private record Sessions(
      OrtSession det, OrtSession cls, OrtSession rec, List<String> characters) {}

  /** The text lines of a BGR image, top to bottom and left to right. */
  public List<TextLine> read(Mat bgr) {
    return read(bgr, Stages.BOTH);
  }

  /**
   * What the OCR runs: both stages, detection only (boxes, with empty text and the detection's
   * score), or recognition only (the whole image read as one line).
   */
  public enum Stages {
    BOTH,
    DETECTION_ONLY,
    RECOGNITION_ONLY;

    private static final java.util.Set<String> SIZES =
        java.util.Set.of("none", "tiny", "small", "medium");

    /**
     * Roboflow's stage sizes ({@code none}, {@code tiny}, {@code small}, {@code medium}): this
     * server has one model per stage, so a size only says whether the stage runs.
     *
     * @throws IllegalArgumentException for another size, or both stages {@code none}
     */
    public static Stages of(String detection, String recognition) {
      if (!SIZES.contains(detection) || !SIZES.contains(recognition)) {
        throw new IllegalArgumentException(
            "each stage is one of none, tiny, small, medium, not '"
                + (SIZES.contains(detection) ? recognition : detection)
                + "'.");
      }
      if (detection.equals("none") && recognition.equals("none")) {
        throw new IllegalArgumentException("detection and recognition cannot both be none.");
      }
      if (detection.equals("none")) {
        return RECOGNITION_ONLY;
      }
      return recognition.equals("none") ? DETECTION_ONLY : BOTH;
    }
  }

  /** The text lines of a BGR image by {@code stages}, top to bottom and left to right. */
  public List<TextLine> read(Mat bgr, Stages stages) {
    uses.used(ID);
    Retirable<Sessions> loaded;
    Sessions s;
    do { // models unloaded between the lookup and the use are loaded again
      loaded = sessions();
      s = loaded.use();
    } while (s == null);
    try {
      return read(s, bgr, stages);
    } finally {
      loaded.done();
    }
  }

  private List<TextLine> read(Sessions s, Mat bgr, Stages stages) {
    runs.acquire();
    // recognition alone reads the resized image as it is; detection pads a thin one first
    try (Prepared p = Prepared.of(bgr, stages != Stages.RECOGNITION_ONLY)) {
      List<DbBoxes.Found> boxes =
          stages == Stages.RECOGNITION_ONLY
              ? List.of(whole(p.image()))
              : detect(s.det(), p.image());
      if (boxes.isEmpty()) {
        return List.of();
      }
      if (stages == Stages.DETECTION_ONLY) {
        List<TextLine> lines = new ArrayList<>();
        for (DbBoxes.Found b : boxes) {
          lines.add(new TextLine(p.toOriginal(b.corners()), "", b.score()));
        }
        return lines;
      }
      List<Mat> crops = new ArrayList<>();
      try {
        if (stages == Stages.RECOGNITION_ONLY) {
          crops.add(p.image().clone()); // at most 2000 pixels wide: a bounded tensor
        } else {
          for (DbBoxes.Found box : boxes) {
            crops.add(Crops.upright(p.image(), box.corners()));
          }
          classifyAndTurn(s.cls(), crops);
        }
        List<Reading> readings = recognise(s.rec(), s.characters(), crops);
        List<TextLine> lines = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
          Reading r = readings.get(i);
          if (r.confidence() >= TEXT_SCORE) {
            float[][] corners = boxes.get(i).corners();
            lines.add(new TextLine(p.toOriginal(corners), r.text(), r.confidence()));
          }
        }
        return lines;
      } finally {
        crops.forEach(Mat::close);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on OCR: " + e.getMessage(), e);
    } finally {
      runs.release();
    }
  }

  /** The whole image as one box. */
  private static DbBoxes.Found whole(Mat bgr) {
    float w = bgr.cols();
    float h = bgr.rows();
    return new DbBoxes.Found(new float[][] {{0, 0}, {w, 0}, {w, h}, {0, h}}, 1);
  }

  /** Text boxes as four corners (clockwise from top left) in the prepared image, sorted. */
  private List<DbBoxes.Found> detect(OrtSession det, Mat image) throws OrtException {
    int h = image.rows();
    int w = image.cols();
    double ratio = Math.min(h, w) < DET_SHORT_SIDE ? (double) DET_SHORT_SIDE / Math.min(h, w) : 1;
    // A thin image's short side scaled up to 736 px would make its long side tens of thousands of
    // pixels (wide images are padded first, tall ones are not): the long side stays bounded.
    ratio = Math.min(ratio, (double) MAX_DET_SIDE / Math.max(h, w));
    int rh = Math.max(32, (int) Math.round((int) (h * ratio) / 32.0) * 32);
    int rw = Math.max(32, (int) Math.round((int) (w * ratio) / 32.0) * 32);
    try (Mat resized = new Mat()) {
      opencv_imgproc.resize(image, resized, new Size(rw, rh));
      float[] probabilities;
      try (OnnxTensor input = tensor(resized, new long[] {1, 3, rh, rw});
          OrtSession.Result out =
              det.run(java.util.Map.of(det.getInputNames().iterator().next(), input))) {
        probabilities = new float[rh * rw];
        ((OnnxTensor) out.get(0)).getFloatBuffer().get(probabilities);
      }
      return DbBoxes.find(probabilities, rh, rw, h, w);
    }
  }

  private void classifyAndTurn(OrtSession cls, List<Mat> crops) throws OrtException {
    Integer[] order = byWidthPerHeight(crops);
    for (int start = 0; start < order.length; start += BATCH) {
      int n = Math.min(BATCH, order.length - start);
      FloatBuffer batch = FloatBuffer.allocate(n * 3 * 48 * 192);
      for (int k = 0; k < n; k++) {
        fillPadded(crops.get(order[start + k]), 48, 192, batch, k * 3 * 48 * 192);
      }
      try (OnnxTensor input = OnnxTensor.createTensor(env, batch, new long[] {n, 3, 48, 192});
          OrtSession.Result out =
              cls.run(java.util.Map.of(cls.getInputNames().iterator().next(), input))) {
        float[][] probabilities = (float[][]) out.get(0).getValue();
        for (int k = 0; k < n; k++) {
          float[] p = probabilities[k];
          if (p.length > 1 && p[1] > p[0] && p[1] > CLS_THRESHOLD) { // "180", and sure of it
            Mat crop = crops.get(order[start + k]);
            opencv_core.rotate(crop, crop, opencv_core.ROTATE_180);
          }
        }
      }
    }
  }

  /** What a line reads and how sure the recogniser is (the mean of its characters' scores). */
  private record Reading(String text, double confidence) {}

  private List<Reading> recognise(OrtSession rec, List<String> characters, List<Mat> crops)
      throws OrtException {
    Integer[] order = byWidthPerHeight(crops);
    Reading[] readings = new Reading[crops.size()];
    for (int start = 0; start < order.length; start += BATCH) {
      int n = Math.min(BATCH, order.length - start);
      double widest = 320.0 / 48;
      for (int k = 0; k < n; k++) {
        Mat c = crops.get(order[start + k]);
        widest = Math.max(widest, c.cols() / (double) c.rows());
      }
      // a hair-thin crop would make every row of its batch tens of thousands of floats wide
      int width = (int) (48 * Math.min(widest, MAX_REC_WIDTH / 48.0));
      FloatBuffer batch = FloatBuffer.allocate(n * 3 * 48 * width);
      for (int k = 0; k < n; k++) {
        fillPadded(crops.get(order[start + k]), 48, width, batch, k * 3 * 48 * width);
      }
      try (OnnxTensor input = OnnxTensor.createTensor(env, batch, new long[] {n, 3, 48, width});
          OrtSession.Result out =
              rec.run(java.util.Map.of(rec.getInputNames().iterator().next(), input))) {
        float[][][] steps = (float[][][]) out.get(0).getValue();
        for (int k = 0; k < n; k++) {
          readings[order[start + k]] = ctc(steps[k], characters);
        }
      }
    }
    return Arrays.asList(readings);
  }

  /** Greedy CTC: the best class per step, repeats merged, blanks (class 0) dropped. */
  static Reading ctc(float[][] steps, List<String> characters) {
    StringBuilder text = new StringBuilder();
    double sum = 0;
    int count = 0;
    int previous = -1;
    for (float[] step : steps) {
      int best = 0;
      for (int c = 1; c < step.length; c++) {
        if (step[c] > step[best]) {
          best = c;
        }
      }
      if (best != 0 && best != previous && best < characters.size()) {
        text.append(characters.get(best));
        sum += step[best];
        count++;
      }
      previous = best;
    }
    return new Reading(text.toString(), count == 0 ? 0 : sum / count);
  }

  /** Indices of the crops from the narrowest to the widest, as RapidOCR batches them. */
  private static Integer[] byWidthPerHeight(List<Mat> crops) {
    Integer[] order = new Integer[crops.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.comparingDouble(i -> crops.get(i).cols() / (double) crops.get(i).rows()));
    return order;
  }

  /**
   * The crop resized to {@code height} keeping its proportions (at most {@code width} wide),
   * normalised to [-1, 1], planar BGR, zero-padded on the right to {@code width}.
   */
  private static void fillPadded(Mat crop, int height, int width, FloatBuffer into, int offset) {
    double ratio = crop.cols() / (double) crop.rows();
    int resizedWidth = Math.min(width, (int) Math.ceil(height * ratio));
    try (Mat resized = new Mat();
        Mat floats = new Mat()) {
      opencv_imgproc.resize(crop, resized, new Size(resizedWidth, height));
      resized.convertTo(floats, opencv_core.CV_32FC3);
      // a view at the offset: the batch's own position stays where ONNX Runtime reads from
      Preprocessor.writeChw(
          floats,
          resizedWidth,
          height,
          width,
          height,
          NORMALIZATION,
          into.duplicate().position(offset));
    }
  }

  /** The whole image normalised to [-1, 1] as a planar BGR tensor of {@code shape}. */
  private OnnxTensor tensor(Mat image, long[] shape) throws OrtException {
    FloatBuffer buffer = FloatBuffer.allocate(3 * image.rows() * image.cols());
    try (Mat floats = new Mat()) {
      image.convertTo(floats, opencv_core.CV_32FC3);
      Preprocessor.writeChw(
          floats, image.cols(), image.rows(), image.cols(), image.rows(), NORMALIZATION, buffer);
    }
    buffer.rewind();
    return OnnxTensor.createTensor(env, buffer, shape);
  }

  @Override
  public boolean serves(String family) {
    return "pp_ocr".equals(family);
  }

  /**
   * Loads the three models now (PRELOAD_MODELS), instead of at the first request; the id's version
   * chooses stages, not files.
   */
  @Override
  public void load(ModelId id) {
    sessions();
  }

  /** Whether the models are loaded. */
  public boolean isLoaded() {
    return sessions != null;
  }

  @Override
  public String taskType() {
    return "ocr";
  }

  /** {@code pp_ocr/small-small} while the models are loaded: one set serves every version id. */
  @Override
  public List<ModelId> loaded() {
    return sessions == null ? List.of() : List.of(ID);
  }

  /** Unloads the three models (any {@code pp_ocr/...} id) once the reads in flight have ended. */
  @Override
  public void unload(ModelId id) {
    Retirable<Sessions> s;
    synchronized (this) {
      s = sessions;
      sessions = null;
    }
    if (s != null) {
      s.retire(PaddleOcr::close);
    }
  }

  private Retirable<Sessions> sessions() {
    Retirable<Sessions> s = sessions;
    if (s == null) {
      synchronized (this) {
        s = sessions;
        if (s == null) {
          s = new Retirable<>(openSessions());
          sessions = s;
        }
      }
    }
    return s;
  }

  private Sessions openSessions() {
    try (OrtSession.SessionOptions options =
        OnnxRuntimeEnvironment.foundationOptions(intraOpThreads)) {
      OrtSession det = env.createSession(resource("ch_PP-OCRv4_det_infer.onnx"), options);
      OrtSession cls = env.createSession(resource("ch_ppocr_mobile_v2.0_cls_infer.onnx"), options);
      OrtSession rec = env.createSession(resource("ch_PP-OCRv4_rec_infer.onnx"), options);
      List<String> characters = new ArrayList<>();
      characters.add(""); // CTC's blank
      for (String line :
          new String(resource("ppocr_keys_v1.txt"), StandardCharsets.UTF_8).split("\n", -1)) {
        if (!line.isEmpty()) {
          characters.add(line.replace("\r", ""));
        }
      }
      characters.add(" ");
      return new Sessions(det, cls, rec, characters);
    } catch (OrtException e) {
      throw new ModelArtefactException(
          "ONNX Runtime cannot load the OCR models: " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = PaddleOcr.class.getResourceAsStream(MODELS + name)) {
      if (in == null) {
        throw new ModelArtefactException("OCR model " + name + " is not on the classpath", null);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    unload(null);
  }

  private static void close(Sessions s) {
    for (OrtSession session : List.of(s.det(), s.cls(), s.rec())) {
      try {
        session.close();
      } catch (OrtException e) {
        // closing anyway
      }
    }
  }

  /**
   * The image as detection sees it: at most 2000 and at least 30 pixels a side, and a short or very
   * wide image padded above and below; {@link #toOriginal} maps its boxes back.
   */
  private record Prepared(
      Mat image, boolean owned, double ratioH, double ratioW, int top, int rawH, int rawW)
      implements AutoCloseable {
    static Prepared of(Mat bgr, boolean letterbox) {
      int h = bgr.rows();
      int w = bgr.cols();
      Mat image = bgr; // the caller's, until resized or padded into a new one
      boolean owned = false;
      double ratioH = 1;
      double ratioW = 1;
      if (Math.max(h, w) > MAX_SIDE || Math.min(h, w) < MIN_SIDE) {
        double ratio =
            Math.max(h, w) > MAX_SIDE
                ? (double) MAX_SIDE / Math.max(h, w)
                : (double) MIN_SIDE / Math.min(h, w);
        int rh = Math.max(32, (int) Math.round((int) (h * ratio) / 32.0) * 32);
        int rw = Math.max(32, (int) Math.round((int) (w * ratio) / 32.0) * 32);
        image = new Mat();
        owned = true;
        opencv_imgproc.resize(bgr, image, new Size(rw, rh));
        ratioH = h / (double) rh;
        ratioW = w / (double) rw;
      }
      int top = 0;
      int ph = image.rows();
      int pw = image.cols();
      if (letterbox && (ph <= MIN_HEIGHT || pw / (double) ph > MAX_WIDTH_PER_HEIGHT)) {
        int padded = Math.max(pw / MAX_WIDTH_PER_HEIGHT, MIN_HEIGHT) * 2;
        top = Math.abs(padded - ph) / 2;
        Mat bordered = new Mat();
        opencv_core.copyMakeBorder(
            image, bordered, top, top, 0, 0, opencv_core.BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
        if (owned) {
          image.close();
        }
        image = bordered;
        owned = true;
      }
      return new Prepared(image, owned, ratioH, ratioW, top, h, w);
    }

    float[][] toOriginal(float[][] box) {
      float[][] out = new float[4][2];
      for (int i = 0; i < 4; i++) {
        out[i][0] = (float) Math.min(rawW, Math.max(0, box[i][0] * ratioW));
        out[i][1] = (float) Math.min(rawH, Math.max(0, (box[i][1] - top) * ratioH));
      }
      return out;
    }

    @Override
    public void close() {
      if (owned) {
        image.close();
      }
    }
  }
}
