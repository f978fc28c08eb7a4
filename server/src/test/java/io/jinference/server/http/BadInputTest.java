package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets its documented 4xx with a clear {@code message} and {@code error_type}, no stack
 * trace, and the server keeps serving: every case is followed by a valid request that must succeed.
 */
class BadInputTest {
  private static final String MODEL = "coco-nanodet/1";
  private static TestServer server;

  @BeforeAll
  static void start() {
    // A small body limit so that "oversized" stays cheap to send.
    server =
        TestServer.with(
            Map.of("MAX_REQUEST_BODY_BYTES", "1048576")); // the name application.yml reads
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void expect(
      int status, String errorType, String messagePart, Supplier<HttpResponse<String>> call) {
    HttpResponse<String> r = call.get();
    assertEquals(status, r.statusCode(), r.body());
    JsonNode body = TestServer.json(r);
    String message = body.get("message").asText();
    assertTrue(
        message.contains(messagePart),
        "message '" + message + "' should contain '" + messagePart + "'");
    assertEquals(errorType, body.get("error_type").asText(), r.body());
    assertFalse(
        r.body().contains("at io.") || r.body().contains("Exception:"),
        "no stack trace: " + r.body());
    HttpResponse<String> after =
        server.postJson(
            "/infer/object_detection", TestServer.detectBody(MODEL, "darknet-giraffe.jpg", ""));
    assertEquals(200, after.statusCode(), "server still serves after: " + r.body());
    assertEquals("giraffe", TestServer.json(after).get("predictions").get(0).get("class").asText());
  }

  private static String image(String type, String value) {
    return "{\"model_id\":\""
        + MODEL
        + "\",\"image\":{\"type\":\""
        + type
        + "\",\"value\":\""
        + value
        + "\"}}";
  }

  @Test
  void malformedJson() {
    expect(
        400,
        "InvalidRequestError",
        "Invalid JSON",
        () ->
            server.postJson(
                "/infer/object_detection", "{\"model_id\": \"coco-nanodet/1\", \"image\": {"));
  }

  @Test
  void missingImage() {
    expect(
        422,
        "RequestValidationError",
        "image: must not be null",
        () -> server.postJson("/infer/object_detection", "{\"model_id\":\"" + MODEL + "\"}"));
  }

  @Test
  void imageOfTheWrongShape() {
    expect(
        422,
        "RequestValidationError",
        "'image' must be an object",
        () ->
            server.postJson(
                "/infer/object_detection", "{\"model_id\":\"" + MODEL + "\",\"image\":\"abc\"}"));
  }

  @Test
  void confidenceOfTheWrongKind() {
    expect(
        422,
        "RequestValidationError",
        "'confidence' must be a number",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody(MODEL, "darknet-dog.jpg", "\"confidence\":\"worst\"")));
  }

  @Test
  void confidenceOutOfRange() {
    expect(
        400,
        "InvalidParameterError",
        "confidence must be between 0 and 1",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody(MODEL, "darknet-dog.jpg", "\"confidence\":7")));
  }

  @Test
  void unknownImageType() {
    expect(
        400,
        "InputImageLoadError",
        "not recognised image type",
        () -> server.postJson("/infer/object_detection", image("jpeg", "abc")));
  }

  @Test
  void malformedBase64() {
    expect(
        400,
        "InputImageLoadError",
        "Malformed base64 input image.",
        () -> server.postJson("/infer/object_detection", image("base64", "###not*base64###")));
  }

  @Test
  void nonImageBytes() {
    String text =
        Base64.getEncoder()
            .encodeToString("just some text, not a picture".getBytes(StandardCharsets.UTF_8));
    // Roboflow 1.8.3 answers base64 of bytes that are no image as malformed base64
    expect(
        400,
        "InputImageLoadError",
        "Could not load input image. Cause: Malformed base64 input image.",
        () -> server.postJson("/infer/object_detection", image("base64", text)));
    expect(
        400,
        "InputImageLoadError",
        "Malformed base64 input image.",
        () ->
            server.post(
                "/coco-nanodet/1",
                "application/x-www-form-urlencoded",
                text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aNumberOrBooleanWhereTheContractSaysStringIsRefused() {
    expect(
        422,
        "RequestValidationError",
        "'model_id' must be a string, not false",
        () -> server.postJson("/model/remove", "{\"model_id\": false}"));
    expect(
        422,
        "RequestValidationError",
        "'model_id' must be a string, not the number 5",
        () ->
            server.postJson(
                "/infer/object_detection",
                "{\"model_id\": 5, \"image\": {\"type\": \"base64\","
                    + " \"value\": \""
                    + TestServer.base64("darknet-dog.jpg")
                    + "\"}}"));
    expect(
        422,
        "RequestValidationError",
        "'api_key' must be a string, not an object",
        () -> server.postJson("/model/add", "{\"model_id\": \"" + MODEL + "\", \"api_key\": {}}"));
  }

  @Test
  void anEmptyWorkflowSpecificationIsNoWorkflow() {
    expect(
        400,
        "WorkflowDefinitionError",
        "lacks its 'version'",
        () -> server.postJson("/workflows/run", "{\"specification\": {}, \"inputs\": {}}"));
    expect(
        400,
        "WorkflowDefinitionError",
        "lacks its 'outputs'",
        () ->
            server.postJson(
                "/workflows/run",
                "{\"specification\": {\"version\": \"1.0\", \"inputs\": [], \"steps\": []}, \"inputs\": {}}"));
  }

  @Test
  void anEmptyLegacyBody() {
    expect(
        400,
        "InputImageLoadError",
        "Could not load input image. Cause: Empty image payload.",
        () -> server.post("/coco-nanodet/1", "application/x-www-form-urlencoded", new byte[0]));
  }

  @Test
  void truncatedJpeg() {
    byte[] jpeg = TestServer.photo("darknet-dog.jpg");
    byte[] head = java.util.Arrays.copyOf(jpeg, 600);
    expect(
        400,
        "InputImageLoadError",
        "corrupt or truncated",
        () ->
            server.postJson(
                "/infer/object_detection",
                image("base64", Base64.getEncoder().encodeToString(head))));
  }

  @Test
  void rawJpegBytesDeclaredAsBase64OnTheLegacyRoute() {
    expect(
        400,
        "InputImageLoadError",
        "raw bytes instead of a base64-encoded string",
        () ->
            server.post(
                "/coco-nanodet/1",
                "application/x-www-form-urlencoded",
                TestServer.photo("darknet-dog.jpg")));
  }

  @Test
  void httpUrlUnderDefaultFlags() {
    expect(
        400,
        "InputImageLoadError",
        "non https:// URL is not supported",
        () ->
            server.postJson(
                "/infer/object_detection", image("url", "http://images.example.com/dog.jpg")));
  }

  @Test
  void loopbackUrlUnderDefaultFlags() {
    expect(
        400,
        "InputImageLoadError",
        "without FQDN is not supported",
        () ->
            server.postJson(
                "/infer/object_detection", image("url", "https://127.0.0.1:9001/dog.jpg")));
    expect(
        400,
        "InputImageLoadError",
        "without FQDN is not supported",
        () ->
            server.postJson("/infer/object_detection", image("url", "https://localhost/dog.jpg")));
    expect(
        400,
        "InputImageLoadError",
        "without FQDN is not supported",
        () -> server.postJson("/infer/object_detection", image("url", "https://[::1]/dog.jpg")));
  }

  @Test
  void localFilesAreOffByDefault() {
    expect(
        400,
        "InputImageLoadError",
        "Loading images from local filesystem is disabled.",
        () -> server.postJson("/infer/object_detection", image("file", "/etc/passwd")));
  }

  @Test
  void numpyIsOffByDefault() {
    expect(
        400,
        "InputImageLoadError",
        "NumPy image type is not supported",
        () -> server.postJson("/infer/object_detection", image("numpy", "gASVAAAA")));
  }

  @Test
  void headerClaimingAHugeImageIsRefusedBeforeDecoding() {
    String png = Base64.getEncoder().encodeToString(pngHeader(60000, 60000));
    expect(
        413,
        "PayloadTooLargeError",
        "60000x60000 pixels is larger than the limit",
        () -> server.postJson("/infer/object_detection", image("base64", png)));
  }

  @Test
  void oversizedBody() {
    byte[] big = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'A');
    expect(
        413,
        "PayloadTooLargeError",
        "larger than the limit of 1048576 bytes (MAX_REQUEST_BODY_BYTES)",
        () -> server.post("/infer/object_detection", "application/json", big));
  }

  @Test
  void tooManyImagesInOneRequest() {
    StringBuilder b = new StringBuilder("{\"model_id\":\"" + MODEL + "\",\"image\":[");
    for (int i = 0; i < 33; i++) {
      b.append(i == 0 ? "" : ",").append("{\"type\":\"base64\",\"value\":\"AAAA\"}");
    }
    String body = b.append("]}").toString();
    expect(
        400,
        "InvalidParameterError",
        "at most 32 are accepted",
        () -> server.postJson("/infer/object_detection", body));
  }

  @Test
  void unknownModel() {
    expect(
        404,
        "ModelNotCachedError",
        "is not in the local model cache and OFFLINE_MODE is on",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody("no-such-project/4", "darknet-dog.jpg", "")));
    expect(
        404,
        "ModelNotCachedError",
        "is not in the local model cache and OFFLINE_MODE is on",
        () ->
            server.post(
                "/no-such-project/4",
                "text/plain",
                TestServer.base64("darknet-dog.jpg").getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void invalidModelId() {
    expect(
        400,
        "InvalidModelIDError",
        "Invalid Model ID sent in request.",
        () ->
            server.postJson(
                "/infer/object_detection", TestServer.detectBody("a/b/c", "darknet-dog.jpg", "")));
    expect(
        400,
        "InvalidModelIDError",
        "Invalid Model ID sent in request.",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody("../../etc", "darknet-dog.jpg", "")));
  }

  @Test
  void legacyWithoutContentTypeOrImage() {
    expect(
        400,
        "ContentTypeMissing",
        "Content-Type header not provided with request.",
        () -> server.post("/coco-nanodet/1", null, "abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void legacyMultipartWithoutFilePart() {
    String boundary = "b0undary";
    byte[] body =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    expect(
        400,
        "InputImageLoadError",
        "part named 'file'",
        () -> server.post("/coco-nanodet/1", "multipart/form-data; boundary=" + boundary, body));
  }

  @Test
  void fixedRouteWithoutJsonContentTypeIsNotMistakenForAModel() {
    expect(
        400,
        "ContentTypeInvalid",
        "takes a JSON body with Content-Type: application/json",
        () ->
            server.post(
                "/infer/object_detection", "text/plain", "x".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void unknownPipelineIsNotFound() {
    expect(
        404,
        "ProcessesManagerNotFoundError",
        "No InferencePipeline with id nope",
        () -> server.get("/inference_pipelines/nope/status"));
  }

  @Test
  void classifierPostedToTheDetectionRoute() {
    expect(
        400,
        "TaskMismatchError",
        "serves classification, not object-detection; use /infer/classification",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody("vit-fixture/1", "darknet-dog.jpg", "")));
  }

  @Test
  void unknownModelTypeIsNamed() throws Exception {
    java.nio.file.Path dir = server.modelStore().resolve("mystery").resolve("1");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.writeString(
        dir.resolve("model_type.json"),
        "{\"project_task_type\":\"object-detection\",\"model_type\":\"hyperyolo-x\"}");
    java.nio.file.Files.writeString(dir.resolve("environment.json"), "{\"PREPROCESSING\":{}}");
    java.nio.file.Files.writeString(dir.resolve("class_names.txt"), "a\n");
    java.nio.file.Files.copy(
        server.modelStore().resolve("yolov8-fixture/1/weights.onnx"), dir.resolve("weights.onnx"));
    expect(
        500,
        "ModelConfigurationError",
        "Unknown model type 'hyperyolo-x' for task object-detection",
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody("mystery/1", "darknet-dog.jpg", "")));
  }

  @Test
  void modelOfAnotherTaskOnATaskRoute() {
    String body = TestServer.detectBody(MODEL, "darknet-dog.jpg", "");
    expect(
        400,
        "TaskMismatchError",
        "serves object-detection, not classification; use /infer/object_detection",
        () -> server.postJson("/infer/classification", body));
  }

  /**
   * The first 33 bytes of a PNG: signature and an IHDR chunk declaring the given size (valid CRC).
   */
  static byte[] pngHeader(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
