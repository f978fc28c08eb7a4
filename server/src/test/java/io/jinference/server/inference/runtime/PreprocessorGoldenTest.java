package io.jinference.server.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageDecoder;
import io.jinference.server.inference.decode.Normalization;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.model.ModelId;
import io.jinference.server.model.ModelPackage;
import io.jinference.server.model.ModelStore;
import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Roboflow's PREPROCESSING steps on real photos (static crop, letterboxes, the three contrast
 * types, grayscale), from environment.json through the model store's parsing to the input tensor,
 * against tensors computed with Python OpenCV and NumPy
 * (tools/make-fixtures/make_preprocessing_goldens.py).
 */
class PreprocessorGoldenTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "static-crop",
        "letterbox-white",
        "letterbox-grey-tall",
        "histogram-equalization",
        "adaptive-equalization",
        "contrast-stretching",
        "grayscale"
      })
  void tensorMatchesTheReference(String name) throws Exception {
    JsonNode c;
    try (InputStream in = getClass().getResourceAsStream("/golden/preprocessing/cases.json")) {
      c = TestServer.JSON.readTree(in).get(name);
    }
    Path store = Files.createTempDirectory("pre-");
    Path dir = Files.createDirectories(store.resolve("pre").resolve("1"));
    Files.writeString(
        dir.resolve("environment.json"), "{\"PREPROCESSING\":" + c.get("preprocessing") + "}");
    Files.writeString(
        dir.resolve("model_type.json"),
        "{\"project_task_type\":\"object-detection\",\"model_type\":\"yolov8n\"}");
    Files.writeString(dir.resolve("class_names.txt"), "a\n");
    Files.write(dir.resolve("weights.onnx"), new byte[1]);
    int h = c.get("shape").get(1).asInt();
    int w = c.get("shape").get(2).asInt();
    float[] expected = new float[3 * h * w];
    try (InputStream in =
        getClass().getResourceAsStream("/golden/preprocessing/" + name + ".f32")) {
      ByteBuffer.wrap(in.readAllBytes())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(expected);
    }
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("model.cache.dir", store.toString()))) {
      ModelPackage pkg = ctx.getBean(ModelStore.class).open(ModelId.parse("pre/1"), null);
      FloatBuffer tensor = FloatBuffer.allocate(3 * h * w);
      try (DecodedImage image =
          ctx.getBean(ImageDecoder.class).decode(TestServer.photo(c.get("photo").asText()), true)) {
        Preprocessor.fill(
            image,
            pkg.preprocessing(),
            PreprocessFlags.NONE,
            w,
            h,
            w,
            h,
            Normalization.RGB_UNIT,
            tensor);
      }
      double worst = 0;
      double sum = 0;
      for (int i = 0; i < expected.length; i++) {
        double d = Math.abs(expected[i] - tensor.get(i));
        worst = Math.max(worst, d);
        sum += d;
      }
      // The same algorithms in two OpenCV builds: identical but for rare one-level rounding
      // differences.
      assertTrue(
          sum / expected.length < 2.0 / 255,
          name + " mean difference " + sum / expected.length * 255);
      assertTrue(worst <= 8.0 / 255, name + " worst difference " + worst * 255 + " levels");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"histogram-equalization", "grayscale", "static-crop"})
  void requestFlagsSwitchStepsOff(String name) throws Exception {
    JsonNode c;
    try (InputStream in = getClass().getResourceAsStream("/golden/preprocessing/cases.json")) {
      c = TestServer.JSON.readTree(in).get(name);
    }
    try (ApplicationContext ctx = ApplicationContext.run(Map.of());
        DecodedImage image =
            ctx.getBean(ImageDecoder.class)
                .decode(TestServer.photo(c.get("photo").asText()), true)) {
      int w = c.get("shape").get(2).asInt();
      int h = c.get("shape").get(1).asInt();
      io.jinference.server.model.ResizeSpec resize =
          new io.jinference.server.model.ResizeSpec(
              w, h, io.jinference.server.model.ResizeSpec.Mode.STRETCH);
      io.jinference.server.model.Preprocessing all =
          new io.jinference.server.model.Preprocessing(
              false,
              new io.jinference.server.model.Preprocessing.StaticCrop(10, 20, 90, 80),
              "Histogram Equalization",
              true,
              resize);
      io.jinference.server.model.Preprocessing none =
          new io.jinference.server.model.Preprocessing(false, null, null, false, resize);
      FloatBuffer switchedOff = FloatBuffer.allocate(3 * w * h);
      FloatBuffer plain = FloatBuffer.allocate(3 * w * h);
      FloatBuffer full = FloatBuffer.allocate(3 * w * h);
      Preprocessor.fill(
          image,
          all,
          new PreprocessFlags(true, true, true),
          w,
          h,
          w,
          h,
          Normalization.RGB_UNIT,
          switchedOff);
      Preprocessor.fill(
          image, none, PreprocessFlags.NONE, w, h, w, h, Normalization.RGB_UNIT, plain);
      Preprocessor.fill(image, all, PreprocessFlags.NONE, w, h, w, h, Normalization.RGB_UNIT, full);
      assertEquals(
          plain.rewind(), switchedOff.rewind(), "every step switched off is a plain resize");
      assertTrue(!plain.rewind().equals(full.rewind()), "the steps do change the tensor");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 37, 128, 255})
  void percentileMatchesNumpysLinearInterpolation(int value) {
    // values 0..9 once each: numpy.percentile([0..9], 25) == 2.25
    long[] histogram = new long[256];
    for (int v = 0; v < 10; v++) {
      histogram[v] = 1;
    }
    assertEquals(2.25, Preprocessor.percentile(histogram, 10, 25), 1e-9);
    long[] single = new long[256];
    single[value] = 5;
    assertEquals(value, Preprocessor.percentile(single, 5, 98), 1e-9);
  }
}
