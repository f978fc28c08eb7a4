package io.jinference.server.inference.decode;

import io.jinference.server.http.model.InferenceResponseImage;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.jinference.server.http.model.ObjectDetectionInferenceResponse;
import io.jinference.server.http.model.ObjectDetectionPrediction;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageDecoder;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.jinference.server.inference.task.MaskParams;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot steps of a request, one by one, on the test photo (768 x 576): JPEG and PNG decoding
 * through the server's decoder, YOLOv8 output decoding plus NMS over 8,400 candidates of 80
 * classes, JSON serialisation of a 100-detection response, parsing a request, base64 to pixels (the
 * server's native path beside the JDK's heap path), and one instance mask to its polygon ({@link
 * HotPathRuntimeBenchmarks} has the preprocessing and tensor steps). Lives in the server's decode
 * package to reach its package-private steps. Run: {@code java -cp
 * benchmark/target/jinference-benchmark.jar org.openjdk.jmh.Main HotPath} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {
  private ApplicationContext context;
  private ImageDecoder decoder;
  private JsonMapper json;
  private byte[] jpeg;
  private byte[] png;
  private DecodedImage photo;
  private RawOutputs yolo;
  private YoloV8Decoder yoloDecoder;
  private ObjectDetectionInferenceResponse response;
  private ImageLoader loader;
  private String base64;
  private byte[] requestJson;
  private RawOutputs.Tensor prototypes;
  private Candidate maskCandidate;
  private InputTransform maskTransform;
  private MaskParams accurate;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    context =
        ApplicationContext.builder().properties(Map.of("micronaut.server.enabled", false)).start();
    decoder = context.getBean(ImageDecoder.class);
    json = context.getBean(JsonMapper.class);
    jpeg =
        Files.readAllBytes(
            Path.of(
                System.getProperty("photo", "server/src/test/resources/images/darknet-dog.jpg")));
    photo = decoder.decode(jpeg, true);
    try (BytePointer encoded = new BytePointer()) {
      opencv_imgcodecs.imencode(".png", photo.bgr(), encoded);
      png = new byte[(int) encoded.limit()];
      encoded.get(png);
    }
    // a YOLOv8 head's output, [1, 84, 8400]: boxes inside the image, scores mostly low as in real
    // outputs
    Random random = new Random(42);
    float[] data = new float[84 * 8400];
    for (int i = 0; i < 8400; i++) {
      data[i] = random.nextFloat() * 640;
      data[8400 + i] = random.nextFloat() * 640;
      data[2 * 8400 + i] = 10 + random.nextFloat() * 200;
      data[3 * 8400 + i] = 10 + random.nextFloat() * 200;
      for (int c = 0; c < 80; c++) {
        data[(4 + c) * 8400 + i] = (float) Math.pow(random.nextFloat(), 6);
      }
    }
    yolo =
        new RawOutputs(
            List.of("output0"), List.of(new RawOutputs.Tensor(data, new long[] {1, 84, 8400})));
    yoloDecoder = new YoloV8Decoder(80);
    List<ObjectDetectionPrediction> predictions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      predictions.add(
          new ObjectDetectionPrediction(
              100.0 + i,
              200.5,
              50.25,
              80.0,
              0.5 + i / 1000.0,
              "class" + i % 80,
              i % 80,
              java.util.UUID.randomUUID().toString()));
    }
    response =
        new ObjectDetectionInferenceResponse(new InferenceResponseImage(768, 576), predictions);
    loader = context.getBean(ImageLoader.class);
    base64 = Base64.getEncoder().encodeToString(jpeg);
    requestJson =
        json.writeValueAsBytes(
            Map.of(
                "model_id",
                "coco/3",
                "confidence",
                0.4,
                "iou_threshold",
                0.5,
                "image",
                Map.of("type", "base64", "value", base64)));
    // YOLOv8-seg prototypes [1, 32, 160, 160]: prototype 0 is a disc (+6 inside, -6 outside), the
    // others noise; the
    // candidate's box holds the disc (in 640 x 640 input pixels), so its mask has one round contour
    float[] protos = new float[32 * 160 * 160];
    for (int y = 0; y < 160; y++) {
      for (int x = 0; x < 160; x++) {
        protos[y * 160 + x] = Math.hypot(x - 80, y - 80) < 40 ? 6f : -6f;
        for (int k = 1; k < 32; k++) {
          protos[k * 160 * 160 + y * 160 + x] = random.nextFloat() - 0.5f;
        }
      }
    }
    prototypes = new RawOutputs.Tensor(protos, new long[] {1, 32, 160, 160});
    float[] coefficients = new float[32];
    coefficients[0] = 1f;
    for (int k = 1; k < 32; k++) {
      coefficients[k] = 0.05f;
    }
    maskCandidate = new Candidate(150, 150, 490, 490, 0.9f, 0.9f, 0, coefficients);
    maskTransform = new InputTransform(768, 576, 0, 0, 768, 576, 640, 640, true);
    accurate = new MaskParams("accurate", 0f, false);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    photo.close();
    context.close();
  }

  @Benchmark
  public int decodeJpeg() {
    try (DecodedImage image = decoder.decode(jpeg, true)) {
      return image.width();
    }
  }

  @Benchmark
  public int decodePng() {
    try (DecodedImage image = decoder.decode(png, true)) {
      return image.width();
    }
  }

  @Benchmark
  public List<Candidate> yoloDecodeAndNms() {
    return Nms.apply(yoloDecoder.decode(yolo, 0, 0.25f, 300), 0.25f, 0.45f, false, 300);
  }

  @Benchmark
  public byte[] serialise100Detections() throws Exception {
    return json.writeValueAsBytes(response);
  }

  /** A v1 request body (with the photo as base64) parsed into the generated request type. */
  @Benchmark
  public ObjectDetectionInferenceRequest parseRequest() throws Exception {
    return json.readValue(requestJson, ObjectDetectionInferenceRequest.class);
  }

  /**
   * The server's path: base64 text decoded straight into the native memory OpenCV reads, then
   * decoded.
   */
  @Benchmark
  public int base64ToPixels() {
    try (DecodedImage image = loader.load(new ImageReference("base64", base64), true, null)) {
      return image.width();
    }
  }

  /** The JDK's path for comparison: text to a heap array, copied to native memory, then decoded. */
  @Benchmark
  public int base64ToPixelsThroughHeapArray() {
    try (DecodedImage image = decoder.decode(Base64.getDecoder().decode(base64), true)) {
      return image.width();
    }
  }

  /**
   * One detection's mask (accurate mode: 640 x 640) from 32 prototypes, to its polygon in original
   * pixels.
   */
  @Benchmark
  public List<double[]> maskToPolygon() {
    try (Mat soft =
        SegmentationHead.maskAt(prototypes, 0, maskCandidate, maskTransform, accurate)) {
      return SegmentationHead.polygon(soft, maskCandidate, maskTransform, soft.cols(), soft.rows());
    }
  }
}
