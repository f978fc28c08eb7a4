package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import io.jinference.server.inference.runtime.clip.ClipTokenizer;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The CLIP routes over real HTTP, on the test store's CLIP-shaped graphs
 * (tools/make-fixtures/make_clip_fixtures.py): the visual graph multiplies the image's mean
 * normalised channels by a known 3 x 8 matrix, the textual graph the 77 token ids by a known 77 x 8
 * matrix, so each expected embedding follows from CLIP's published normalisation, the token ids
 * (checked against Python's tokenizer in ClipTokenizerTest) and those matrices, not from the
 * server.
 */
class ClipRouteTest {
  static final TestServer SERVER = TestServer.shared();

  static final double[][] VISUAL = {
    {1, 0, 0, 1, 0.5, 0, -1, 0.25}, {0, 1, 0, 1, 0.5, 0, 1, 0.25}, {0, 0, 1, 1, 0.5, 1, 0, 0.25}
  };
  static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
  static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

  static double textual(int position, int j) {
    return ((position * 8 + j) % 7 - 3) / 1000.0;
  }

  /** A single-colour picture: CLIP's resize and crop leave its pixels as they are. */
  static String solid(int r, int g, int b, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return "{\"type\":\"base64\",\"value\":\""
        + Base64.getEncoder().encodeToString(TestServer.encode(image, "png", false))
        + "\"}";
  }

  static double[] imageEmbedding(int r, int g, int b) {
    int[] rgb = {r, g, b};
    double[] out = new double[8];
    for (int c = 0; c < 3; c++) {
      double v = (rgb[c] / 255.0 - MEAN[c]) / STD[c];
      for (int j = 0; j < 8; j++) {
        out[j] += v * VISUAL[c][j];
      }
    }
    return out;
  }

  static double[] textEmbedding(String text) {
    long[] ids = ClipTokenizer.bundled().tokenize(text);
    double[] out = new double[8];
    for (int i = 0; i < ids.length; i++) {
      for (int j = 0; j < 8; j++) {
        out[j] += ids[i] * textual(i, j);
      }
    }
    return out;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static JsonNode ok(String path, String body) {
    HttpResponse<String> r = SERVER.postJson(path, body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  /**
   * @param tolerance relative: the fixture's mean over 224 x 224 pixels is a float32 sum, a few
   *     parts in 10,000 off
   */
  static void assertEmbedding(double[] expected, JsonNode actual, double tolerance) {
    assertEquals(expected.length, actual.size(), actual.toString());
    for (int j = 0; j < expected.length; j++) {
      assertEquals(
          expected[j], actual.get(j).asDouble(), tolerance, "dimension " + j + ": " + actual);
    }
  }

  @Test
  void imageEmbeddingsOfOneImageAndOfAList() throws Exception {
    JsonNode one = ok("/clip/embed_image", "{\"image\":" + solid(200, 30, 90, 300, 200) + "}");
    assertEquals(1, one.get("embeddings").size());
    assertEmbedding(imageEmbedding(200, 30, 90), one.get("embeddings").get(0), 1e-3);
    assertTrue(one.get("time").asDouble() > 0);
    // every field, nulls too, as Roboflow's server answers CLIP (its Python client reads frame_id)
    assertTrue(one.has("frame_id") && one.get("frame_id").isNull(), one.toString());
    assertEquals(36, one.get("inference_id").asText().length(), one.toString());
    JsonNode two =
        ok(
            "/clip/embed_image",
            "{\"clip_version_id\":\"ViT-B-16\",\"image\":["
                + solid(10, 250, 128, 150, 400)
                + ","
                + solid(255, 255, 255, 224, 224)
                + "]}");
    assertEmbedding(imageEmbedding(10, 250, 128), two.get("embeddings").get(0), 1e-3);
    assertEmbedding(imageEmbedding(255, 255, 255), two.get("embeddings").get(1), 1e-3);
    // a hair-thin picture is cropped to its centre square, never scaled up to 224 x 300,000
    long started = System.nanoTime();
    JsonNode thin = ok("/clip/embed_image", "{\"image\":" + solid(10, 250, 128, 2, 20_000) + "}");
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "the thin picture took too long");
    assertEmbedding(imageEmbedding(10, 250, 128), thin.get("embeddings").get(0), 1e-3);
  }

  @Test
  void theComparisonBlocksAnswerTheRoutesSimilarities() throws Exception {
    String image = solid(200, 30, 90, 120, 80);
    String spec =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],"
            + "\"steps\":[{\"type\":\"roboflow_core/clip_comparison@v1\",\"name\":\"v1\","
            + "\"images\":\"$inputs.image\",\"texts\":[\"a dog\",\"a red cat\"]},"
            + "{\"type\":\"roboflow_core/clip_comparison@v2\",\"name\":\"v2\","
            + "\"images\":\"$inputs.image\",\"classes\":[\"a dog\",\"a red cat\"],\"version\":\"ViT-B-32\"}],"
            + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"v1\",\"selector\":\"$steps.v1.*\"},"
            + "{\"type\":\"JsonField\",\"name\":\"v2\",\"selector\":\"$steps.v2.*\"}]}";
    JsonNode out =
        ok(
                "/workflows/run",
                "{\"specification\":" + spec + ",\"inputs\":{\"image\":" + image + "}}")
            .get("outputs")
            .get(0);
    double[] picture = imageEmbedding(200, 30, 90);
    double dog = cosine(picture, textEmbedding("a dog"));
    double cat = cosine(picture, textEmbedding("a red cat"));
    JsonNode v1 = out.get("v1");
    assertEquals(dog, v1.get("similarity").get(0).asDouble(), 1e-3, v1.toString());
    assertEquals(cat, v1.get("similarity").get(1).asDouble(), 1e-3, v1.toString());
    assertEquals("classification", v1.get("prediction_type").asText());
    JsonNode v2 = out.get("v2");
    String most = dog > cat ? "a dog" : "a red cat";
    String least = dog > cat ? "a red cat" : "a dog";
    assertEquals(most, v2.get("most_similar_class").asText(), v2.toString());
    assertEquals(least, v2.get("least_similar_class").asText());
    assertEquals(Math.max(dog, cat), v2.get("max_similarity").asDouble(), 1e-3);
    assertEquals(Math.min(dog, cat), v2.get("min_similarity").asDouble(), 1e-3);
    JsonNode classes = v2.get("classification_predictions");
    assertEquals(most, classes.get("top").asText(), classes.toString());
    assertEquals(2, classes.get("predictions").size());
    assertEquals(cat, classes.get("predictions").get(1).get("confidence").asDouble(), 1e-3);
  }

  @Test
  void textEmbeddingsWithInt64AndInt32Ids() {
    JsonNode one = ok("/clip/embed_text", "{\"text\":\"a photo of a dog\"}");
    assertEmbedding(textEmbedding("a photo of a dog"), one.get("embeddings").get(0), 1e-4);
    JsonNode two =
        ok(
            "/clip/embed_text",
            "{\"clip_version_id\":\"ViT-B-32\",\"text\":[\"a photo of a cat\",\"Naïve café!\"]}");
    assertEmbedding(textEmbedding("a photo of a cat"), two.get("embeddings").get(0), 1e-4);
    assertEmbedding(textEmbedding("Naïve café!"), two.get("embeddings").get(1), 1e-4);
    // an empty text is CLIP's start and end tokens alone, an embedding as Roboflow answers
    JsonNode empty = ok("/clip/embed_text", "{\"text\":\"\"}");
    long[] ids = ClipTokenizer.bundled().tokenize("");
    assertEquals(49406, ids[0]); // CLIP's <|startoftext|>
    assertEquals(49407, ids[1]); // <|endoftext|>
    assertEquals(0, ids[2]);
    assertEmbedding(textEmbedding(""), empty.get("embeddings").get(0), 1e-4);
  }

  @Test
  void compareAnImageWithTextsInAListOrByNameAndATextWithImages() throws Exception {
    double[] subject = imageEmbedding(200, 30, 90);
    JsonNode list =
        ok(
            "/clip/compare",
            "{\"subject\":"
                + solid(200, 30, 90, 64, 64)
                + ",\"prompt\":[\"a photo of a dog\",\"a red square\"]}");
    assertEquals(2, list.get("similarity").size());
    assertTrue(list.get("parent_id").isNull() && list.get("frame_id").isNull(), list.toString());
    assertEquals(
        cosine(subject, textEmbedding("a photo of a dog")),
        list.get("similarity").get(0).asDouble(),
        1e-3);
    assertEquals(
        cosine(subject, textEmbedding("a red square")),
        list.get("similarity").get(1).asDouble(),
        1e-3);
    JsonNode named =
        ok(
            "/clip/compare",
            "{\"subject\":"
                + solid(200, 30, 90, 64, 64)
                + ",\"prompt\":{\"dog\":\"a photo of a dog\",\"square\":\"a red square\"}}");
    assertEquals(
        cosine(subject, textEmbedding("a red square")),
        named.get("similarity").get("square").asDouble(),
        1e-3);
    JsonNode images =
        ok(
            "/clip/compare",
            "{\"subject\":\"a photo of a dog\",\"subject_type\":\"text\",\"prompt_type\":\"image\","
                + "\"prompt\":"
                + solid(0, 0, 255, 40, 40)
                + "}");
    assertEquals(
        cosine(textEmbedding("a photo of a dog"), imageEmbedding(0, 0, 255)),
        images.get("similarity").get(0).asDouble(),
        1e-3);
  }

  @Test
  void badInputIsRefusedClearlyAndTheServerGoesOn() throws Exception {
    String image = solid(1, 2, 3, 32, 32);
    refused(
        404,
        "ModelNotCachedError",
        "clip_version_id\":\"ViT-L-14",
        "/clip/embed_image",
        "{\"clip_version_id\":\"ViT-L-14\",\"image\":" + image + "}");
    refused(
        400,
        "InvalidParameterError",
        "tokens",
        "/clip/embed_text",
        "{\"text\":\"" + " word".repeat(80) + "\"}");
    refused(400, "InvalidParameterError", "a text or a list", "/clip/embed_text", "{\"text\":5}");
    refused(400, "InvalidParameterError", "between 1 and", "/clip/embed_text", "{\"text\":[]}");
    refused(
        400,
        "InvalidParameterError",
        "between 1 and",
        "/clip/embed_text",
        "{\"text\":[" + "\"a\",".repeat(40) + "\"a\"]}");
    refused(
        400,
        "InvalidParameterError",
        "image or text",
        "/clip/compare",
        "{\"subject\":" + image + ",\"subject_type\":\"video\",\"prompt\":\"a\"}");
    refused(
        400,
        "InvalidParameterError",
        "must be a text",
        "/clip/compare",
        "{\"subject\":" + image + ",\"prompt\":[\"a\", 7]}");
    refused(
        400,
        "InvalidParameterError",
        "'prompt.cat' must be a text",
        "/clip/compare",
        "{\"subject\":" + image + ",\"prompt\":{\"dog\":\"a dog\",\"cat\":[1]}}");
    refused(
        400,
        "InvalidParameterError",
        "must be an image",
        "/clip/compare",
        "{\"subject\":\"a dog\",\"prompt\":\"a cat\"}");
    refused(
        400,
        "InvalidParameterError",
        "between 1 and",
        "/clip/compare",
        "{\"subject\":" + image + ",\"prompt\":[]}");
    // a 100,000-letter word is refused at once, and the next request is answered
    long started = System.nanoTime();
    refused(
        400,
        "InvalidParameterError",
        "tokens",
        "/clip/embed_text",
        "{\"text\":\"" + "ab".repeat(50_000) + "\"}");
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "the long word took too long");
    ok("/clip/embed_text", "{\"text\":\"still here\"}");
  }

  private static void refused(int status, String type, String says, String path, String body) {
    HttpResponse<String> r = SERVER.postJson(path, body);
    assertEquals(status, r.statusCode(), r.body());
    JsonNode error = TestServer.json(r);
    assertEquals(type, error.get("error_type").asText(), r.body());
    assertTrue(
        error.get("message").asText().contains(says.replace("clip_version_id\":\"", "")), r.body());
  }

  /**
   * A CLIP id where a task model goes, or a JSON route's path under another content type (which
   * Micronaut routes to the legacy route, {@code /{dataset}/{version}}): a 400 naming the routes.
   */
  @Test
  void aClipIdElsewhereIsToldWhereClipIsServed() {
    HttpResponse<String> task =
        SERVER.postJson(
            "/infer/instance_segmentation",
            TestServer.detectBody("clip/ViT-B-16", "darknet-dog.jpg", ""));
    assertEquals(400, task.statusCode(), task.body());
    assertTrue(task.body().contains("POST /clip/embed_image"), task.body());
    HttpResponse<String> plain =
        SERVER.post(
            "/clip/compare",
            "text/plain",
            "{\"subject\":\"a\",\"prompt\":\"b\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(plain.statusCode() >= 400 && plain.statusCode() < 500, plain.body());
  }

  @Test
  void theRegistryListsALoadedClipModel() {
    ok("/clip/embed_text", "{\"text\":\"listed\"}");
    assertTrue(
        DepthRouteTest.registry(SERVER).contains("clip/ViT-B-16 embed"),
        DepthRouteTest.registry(SERVER).toString());
  }
}
