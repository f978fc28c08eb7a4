package io.jinference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real server over real HTTP for tests: Micronaut on a random port, with a model store that
 * holds the test fixtures (the bundled default model unpacks into it on first use). Settings are
 * passed as the properties environment variables map to ({@code ALLOW_URL_INPUT} is {@code
 * allow.url.input}).
 */
public final class TestServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer shared;

  private final EmbeddedServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Path store;

  private TestServer(Map<String, Object> settings) {
    try {
      store = Files.createTempDirectory("jinference-store-");
      copyFixtures(store);
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("model.cache.dir", store.toString());
    // No Roboflow API here: tests that download models point API_BASE_URL at a WireMock stand-in.
    props.put("offline.mode", "true");
    props.putAll(settings);
    server = ApplicationContext.run(EmbeddedServer.class, props);
  }

  /** A server with default settings, shared by the tests of this JVM. */
  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = new TestServer(Map.of());
    }
    return shared;
  }

  /** A server of its own with some settings changed; close it after the test. */
  public static TestServer with(Map<String, Object> settings) {
    return new TestServer(settings);
  }

  /** A bean of the running server (for checks that HTTP cannot see). */
  public <T> T bean(Class<T> type) {
    return server.getApplicationContext().getBean(type);
  }

  public URI uri(String path) {
    return URI.create(server.getURL().toString() + path);
  }

  public String url() {
    return server.getURL().toString();
  }

  public Path modelStore() {
    return store;
  }

  public HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public HttpResponse<byte[]> getBytes(String path) {
    try {
      return checked(
          http.send(
              HttpRequest.newBuilder(uri(path)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> postForBytes(String path, String contentType, byte[] body) {
    try {
      return checked(
          http.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Content-Type", contentType)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a request; the answer must match the contract ({@link ContractCheck}). */
  public HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      ContractCheck.check(
          request.method(),
          request.uri(),
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null),
          r.body() == null ? null : r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<byte[]> checked(HttpResponse<byte[]> r) {
    ContractCheck.check(
        r.request().method(),
        r.request().uri(),
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null),
        r.body());
    return r;
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(
          "not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** A test photo's bytes (src/test/resources/images). */
  public static byte[] photo(String name) {
    try (InputStream in = TestServer.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test photo " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The photo a workflow of the corpus ({@code /workflows/*.json}) runs on: {@code
   * photos.properties} says.
   */
  public static String corpusPhoto(String workflowFile) {
    java.util.Properties photos = new java.util.Properties();
    try (java.io.InputStream in =
        TestServer.class.getResourceAsStream("/workflows/photos.properties")) {
      photos.load(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return photos.getProperty(workflowFile, "darknet-dog.jpg");
  }

  /**
   * An image encoded by the JDK's own encoder ({@code jpeg} or {@code png}); progressive is a
   * progressive JPEG or an Adam7-interlaced PNG. Real encoder output, for tests of what the server
   * accepts.
   */
  public static byte[] encode(
      java.awt.image.BufferedImage image, String format, boolean progressive) {
    javax.imageio.ImageWriter writer =
        javax.imageio.ImageIO.getImageWritersByFormatName(format).next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    if (progressive) {
      param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.MemoryCacheImageOutputStream stream =
        new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  public static Path photoPath(String name) {
    try {
      return Path.of(TestServer.class.getResource("/images/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64(String photo) {
    return Base64.getEncoder().encodeToString(photo(photo));
  }

  /** A detection request body for one base64 photo. */
  public static String detectBody(String modelId, String photo, String extra) {
    return "{\"model_id\":\""
        + modelId
        + "\",\"image\":{\"type\":\"base64\",\"value\":\""
        + base64(photo)
        + "\"}"
        + (extra == null || extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  private static void copyFixtures(Path target) throws IOException, URISyntaxException {
    URL fixtures = TestServer.class.getResource("/model-store");
    Path source = Path.of(fixtures.toURI());
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
  }

  @Override
  public void close() {
    // the store stays (a test may restart a server on it); it lies under target/, surefire's
    // java.io.tmpdir, which the next clean removes
    server.getApplicationContext().close();
  }

  /**
   * A response less what differs run to run (random detection and inference ids), with images as
   * their decoded size and numbers as decimals, for comparing two ways of making the same request.
   */
  public static com.fasterxml.jackson.databind.JsonNode comparable(
      com.fasterxml.jackson.databind.JsonNode node) throws java.io.IOException {
    if (node.isObject()) {
      if ("base64".equals(node.path("type").asText()) && node.path("value").isTextual()) {
        java.awt.image.BufferedImage image =
            javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(node.path("value").asText())));
        return JSON.createObjectNode()
            .put("width", image.getWidth())
            .put("height", image.getHeight());
      }
      com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
      for (java.util.Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!field.equals("detection_id") && !field.equals("inference_id")) {
          out.set(field, comparable(node.get(field)));
        }
      }
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
      for (com.fasterxml.jackson.databind.JsonNode item : node) {
        out.add(comparable(item));
      }
      return out;
    }
    return node.isNumber() ? JSON.getNodeFactory().numberNode(node.decimalValue()) : node;
  }
}
