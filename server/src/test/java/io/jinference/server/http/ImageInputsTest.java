package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jinference.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way an image reaches the server, each giving the same detections for the same photo. */
class ImageInputsTest {
  private static final String MODEL = "coco-nanodet/1";
  private static final String DOG = "darknet-dog.jpg";
  private static HttpServer photos;
  private static TestServer relaxed;

  @BeforeAll
  static void start() throws IOException {
    photos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    photos.createContext(
        "/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring(1);
          if (name.equals("redirect")) {
            exchange.getResponseHeaders().add("Location", "/" + DOG);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
          }
          byte[] body = TestServer.photo(name);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    photos.start();
    // URL flags relaxed for this server only: the photo server is on loopback, over http, without a
    // domain.
    relaxed =
        TestServer.with(
            Map.of(
                "allow.non.https.url.input",
                "true",
                "allow.url.input.without.fqdn",
                "true",
                "allow.url.to.non.global.addresses",
                "true",
                "allow.loading.images.from.local.filesystem",
                "true",
                "local.image.roots",
                TestServer.photoPath(DOG).getParent().toString()));
  }

  @AfterAll
  static void stop() {
    photos.stop(0);
    relaxed.close();
  }

  private static String photoUrl(String name) {
    return "http://127.0.0.1:" + photos.getAddress().getPort() + "/" + name;
  }

  private static Set<String> classes(JsonNode response) {
    Set<String> s = new TreeSet<>();
    response
        .get("predictions")
        .forEach(p -> s.add(p.get("class").asText() + "@" + p.get("x").asInt()));
    return s;
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static Set<String> reference() {
    return classes(
        ok(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    TestServer.detectBody(MODEL, DOG, "\"confidence\":0.3"))));
  }

  @Test
  void base64WithDataUrlPrefix() {
    String body =
        "{\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.3,\"image\":{\"type\":\"base64\",\"value\":"
            + "\"data:image/jpeg;base64,"
            + TestServer.base64(DOG)
            + "\"}}";
    assertEquals(
        reference(), classes(ok(TestServer.shared().postJson("/infer/object_detection", body))));
  }

  @Test
  void typeIsCaseInsensitive() {
    String body =
        "{\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.3,\"image\":{\"type\":\"BASE64\",\"value\":\""
            + TestServer.base64(DOG)
            + "\"}}";
    assertEquals(
        reference(), classes(ok(TestServer.shared().postJson("/infer/object_detection", body))));
  }

  @Test
  void urlFetchedByTheServer() {
    String body =
        "{\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.3,\"image\":{\"type\":\"url\",\"value\":\""
            + photoUrl(DOG)
            + "\"}}";
    assertEquals(reference(), classes(ok(relaxed.postJson("/infer/object_detection", body))));
  }

  @Test
  void urlRedirectIsFollowedAndRechecked() {
    String body =
        "{\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.3,\"image\":{\"type\":\"url\",\"value\":\""
            + photoUrl("redirect")
            + "\"}}";
    assertEquals(reference(), classes(ok(relaxed.postJson("/infer/object_detection", body))));
  }

  @Test
  void localFileWhenEnabled() {
    String path = TestServer.photoPath(DOG).toString();
    String body =
        "{\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.3,\"image\":{\"type\":\"file\",\"value\":\""
            + path
            + "\"}}";
    assertEquals(reference(), classes(ok(relaxed.postJson("/infer/object_detection", body))));
  }

  @Test
  void batchAnswersAListInRequestOrder() {
    String[] order = {"darknet-giraffe.jpg", DOG, "darknet-person.jpg", "darknet-kite.jpg"};
    StringBuilder images = new StringBuilder();
    for (String p : order) {
      images
          .append(images.length() == 0 ? "" : ",")
          .append("{\"type\":\"base64\",\"value\":\"")
          .append(TestServer.base64(p))
          .append("\"}");
    }
    JsonNode body =
        ok(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    "{\"model_id\":\"" + MODEL + "\",\"image\":[" + images + "]}"));
    assertTrue(body.isArray());
    int[][] sizes = {{500, 500}, {768, 576}, {640, 424}, {1352, 900}};
    for (int i = 0; i < order.length; i++) {
      assertEquals(sizes[i][0], body.get(i).get("image").get("width").asInt(), order[i]);
      assertEquals(sizes[i][1], body.get(i).get("image").get("height").asInt(), order[i]);
    }
    assertEquals("giraffe", body.get(0).get("predictions").get(0).get("class").asText());
    // Roboflow's inference_id is the request's id: one for the whole batch, another for the next
    // request
    String id = body.get(0).get("inference_id").asText();
    assertFalse(id.isEmpty());
    for (int i = 1; i < order.length; i++) {
      assertEquals(id, body.get(i).get("inference_id").asText());
    }
    JsonNode again =
        ok(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    "{\"model_id\":\"" + MODEL + "\",\"image\":[" + images + "]}"));
    assertFalse(id.equals(again.get(0).get("inference_id").asText()), "a new request, a new id");
  }

  @Test
  void listOfOneAnswersAListOfOne() {
    JsonNode body =
        ok(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    "{\"model_id\":\""
                        + MODEL
                        + "\",\"image\":[{\"type\":\"base64\",\"value\":\""
                        + TestServer.base64(DOG)
                        + "\"}]}"));
    assertTrue(body.isArray());
    assertEquals(1, body.size());
  }

  @Test
  void seedDocumentAliasRoute() {
    assertEquals(
        reference(),
        classes(
            ok(
                TestServer.shared()
                    .postJson(
                        "/infer/object-detection",
                        TestServer.detectBody(MODEL, DOG, "\"confidence\":0.3")))));
  }

  @Test
  void requestIdBecomesInferenceId() {
    JsonNode body =
        ok(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    TestServer.detectBody(MODEL, DOG, "\"id\":\"my-request-7\"")));
    assertEquals("my-request-7", body.get("inference_id").asText());
  }

  @Test
  void legacyRawBase64BodyAsFormUrlEncoded() {
    // The exact request of Roboflow's documentation: base64 text posted as
    // application/x-www-form-urlencoded.
    HttpResponse<String> r =
        TestServer.shared()
            .post(
                "/coco-nanodet/1?confidence=30",
                "application/x-www-form-urlencoded",
                TestServer.base64(DOG).getBytes(StandardCharsets.US_ASCII));
    assertEquals(reference(), classes(ok(r)));
  }

  @Test
  void legacyRawBase64BodyAsJsonContentType() {
    // Roboflow's Python client sends the base64 text with Content-Type: application/json.
    HttpResponse<String> r =
        TestServer.shared()
            .post(
                "/coco-nanodet/1?confidence=0.3",
                "application/json",
                TestServer.base64(DOG).getBytes(StandardCharsets.US_ASCII));
    assertEquals(reference(), classes(ok(r)));
  }

  @Test
  void legacyMultipartFilePart() {
    String boundary = "----jinference-test";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dog.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(TestServer.photo(DOG));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> r =
        TestServer.shared()
            .post(
                "/coco-nanodet/1?confidence=0.3",
                "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
    assertEquals(reference(), classes(ok(r)));
  }

  @Test
  void legacyImageQueryParameter() {
    assertEquals(
        reference(),
        classes(ok(relaxed.get("/coco-nanodet/1?confidence=0.3&image=" + photoUrl(DOG)))));
    assertEquals(
        reference(),
        classes(
            ok(
                relaxed.post(
                    "/coco-nanodet/1?confidence=0.3&image=" + photoUrl(DOG), null, new byte[0]))));
  }

  @Test
  void legacyFormatImageAnswersAJpegWithTheBoxesDrawn() throws IOException {
    HttpResponse<byte[]> r =
        TestServer.shared()
            .postForBytes(
                "/coco-nanodet/1?format=image&labels=true&stroke=3",
                "text/plain",
                TestServer.base64(DOG).getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, r.statusCode());
    assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
    var drawn = ImageIO.read(new ByteArrayInputStream(r.body()));
    var original = ImageIO.read(new ByteArrayInputStream(TestServer.photo(DOG)));
    assertEquals(original.getWidth(), drawn.getWidth());
    assertEquals(original.getHeight(), drawn.getHeight());
    // The bicycle's box (golden: x 122..570, y 129..424) has its top edge drawn at y = 129 in the
    // box colour.
    int changed = 0;
    for (int x = 200; x < 500; x++) {
      if (distance(drawn.getRGB(x, 129), original.getRGB(x, 129)) > 60) {
        changed++;
      }
    }
    assertTrue(changed > 250, "pixels changed along the bicycle box edge: " + changed);
  }

  @Test
  void legacyImageAndJsonCarriesTheVisualization() throws IOException {
    JsonNode body =
        ok(
            TestServer.shared()
                .post(
                    "/coco-nanodet/1?format=image_and_json",
                    "text/plain",
                    TestServer.base64(DOG).getBytes(StandardCharsets.US_ASCII)));
    byte[] jpeg = Base64.getDecoder().decode(body.get("visualization").asText());
    assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8}, new byte[] {jpeg[0], jpeg[1]});
    assertFalse(body.get("predictions").isEmpty());
  }

  private static int distance(int a, int b) {
    return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF))
        + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
        + Math.abs((a & 0xFF) - (b & 0xFF));
  }
}
