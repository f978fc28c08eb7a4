package io.jinference.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load-tests a Roboflow-compatible server, as Roboflow's {@code inference benchmark api-speed}
 * does, or the server's pipeline in this JVM ({@code --in-process}): warm-up requests, then a
 * closed loop of N clients (each sends its next request when the last one answered) or an open loop
 * at a fixed rate (latency counted from the time each request was due, so a slow server cannot hide
 * its queue: no coordinated omission), for a number of requests or a duration. {@code --sdk} sends
 * the same requests through our Java SDK, to measure its own overhead against raw HTTP. Prints
 * Roboflow's summary line and writes its JSON result format.
 *
 * <pre>
 * java -jar benchmark/target/jinference-benchmark.jar --url http://localhost:9001 --model coco-nanodet/1 \
 *     --images server/src/test/resources/images --clients 4 --requests 1000 --output result.json
 * </pre>
 */
public final class Benchmark {
  private Benchmark() {}

  /** The options, with {@code inference benchmark api-speed}'s defaults. */
  record Options(
      String url,
      boolean inProcess,
      String model,
      Path images,
      int warmup,
      int requests,
      double durationSeconds,
      int clients,
      double rate,
      int batch,
      boolean legacy,
      String apiKey,
      Path output,
      boolean sdk,
      Path onnxAlone,
      int intraOp,
      boolean ortSpinning) {

    static Options parse(String... args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (!name.startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + name);
        }
        boolean flag =
            name.equals("--in-process") || name.equals("--legacy") || name.equals("--sdk");
        a.put(name.substring(2), flag ? "true" : value(args, ++i, name));
      }
      Options o =
          new Options(
              a.getOrDefault("url", "http://localhost:9001"),
              a.containsKey("in-process"),
              a.getOrDefault("model", "coco-nanodet/1"),
              Path.of(a.getOrDefault("images", "server/src/test/resources/images")),
              Integer.parseInt(a.getOrDefault("warmup", "10")),
              Integer.parseInt(a.getOrDefault("requests", "1000")),
              Double.parseDouble(a.getOrDefault("duration", "0")),
              Integer.parseInt(a.getOrDefault("clients", "1")),
              Double.parseDouble(a.getOrDefault("rate", "0")),
              Integer.parseInt(a.getOrDefault("batch", "1")),
              a.containsKey("legacy"),
              a.get("api-key"),
              a.containsKey("output") ? Path.of(a.get("output")) : null,
              a.containsKey("sdk"),
              a.containsKey("onnx-alone") ? Path.of(a.get("onnx-alone")) : null,
              Integer.parseInt(a.getOrDefault("intra-op", "2")),
              !"off".equals(a.getOrDefault("ort-spinning", "on")));
      if (o.clients < 1 || o.batch < 1 || o.requests < 1 || o.rate < 0 || o.warmup < 0) {
        throw new IllegalArgumentException(
            "clients, batch and requests must be at least 1; rate and warmup at least 0");
      }
      if (o.legacy && o.batch > 1) {
        throw new IllegalArgumentException("the legacy route takes one image per request");
      }
      if (o.onnxAlone != null && (o.batch > 1 || o.legacy || o.inProcess || o.sdk)) {
        throw new IllegalArgumentException(
            "--onnx-alone runs the ONNX file alone, one input a run");
      }
      if (o.sdk && (o.batch > 1 || o.legacy || o.inProcess)) {
        throw new IllegalArgumentException(
            "--sdk sends one image per request to the v1 route of --url");
      }
      return o;
    }

    private static String value(String[] args, int i, String name) {
      if (i >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      return args[i];
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: --url URL | --in-process | --onnx-alone FILE [--intra-op N] [--ort-spinning on|off], --model ID, --images DIR, --warmup N, --requests N | "
              + "--duration SECONDS, --clients N | --rate PER_SECOND, --batch N, --legacy, --sdk, --api-key KEY, "
              + "--output FILE");
      System.exit(2);
      return;
    }
    Statistics s = run(o);
    System.out.println(s.line());
  }

  /** Runs the benchmark the options describe and writes its JSON result if asked to. */
  static Statistics run(Options o) throws Exception {
    List<byte[]> photos = photos(o.images());
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      List<byte[]> batch = new ArrayList<>();
      for (int k = 0; k < o.batch(); k++) {
        batch.add(photos.get((i + k) % photos.size()));
      }
      bodies.add(
          o.sdk()
              ? batch.get(0)
              : o.legacy() ? Base64.getEncoder().encode(batch.get(0)) : jsonBody(o, batch));
    }
    try (Target target = target(o)) {
      for (int i = 0; i < o.warmup(); i++) {
        target.send(bodies.get(i % bodies.size()), o.batch()).join();
      }
      long started = System.nanoTime();
      List<Statistics.Outcome> outcomes =
          o.rate() > 0 ? openLoop(o, target, bodies) : closedLoop(o, target, bodies);
      Statistics s = Statistics.of(outcomes, System.nanoTime() - started);
      if (o.output() != null) {
        write(o, s);
      }
      return s;
    }
  }

  private static Target target(Options o) throws IOException, InterruptedException {
    if (o.onnxAlone() != null) {
      try {
        return new OnnxAlone(o.onnxAlone(), o.intraOp(), o.ortSpinning());
      } catch (ai.onnxruntime.OrtException e) {
        throw new IOException("cannot open " + o.onnxAlone(), e);
      }
    }
    if (o.inProcess()) {
      if (o.legacy()) {
        throw new IllegalArgumentException(
            "--in-process runs the v1 object-detection pipeline; drop --legacy");
      }
      return new InProcess(Map.of("micronaut.server.enabled", false));
    }
    Target.Http.check(URI.create(o.url() + "/healthz"));
    if (o.sdk()) {
      return new Target.Sdk(o.url(), o.apiKey(), o.model());
    }
    if (o.legacy()) {
      String key =
          o.apiKey() == null
              ? ""
              : "&api_key=" + URLEncoder.encode(o.apiKey(), StandardCharsets.UTF_8);
      return new Target.Http(
          URI.create(o.url() + "/" + o.model() + "?image_type=base64" + key),
          "application/x-www-form-urlencoded");
    }
    return new Target.Http(URI.create(o.url() + "/infer/object_detection"), "application/json");
  }

  private static byte[] jsonBody(Options o, List<byte[]> batch) {
    StringBuilder b = new StringBuilder("{\"model_id\":\"").append(o.model()).append('"');
    if (o.apiKey() != null) {
      b.append(",\"api_key\":\"").append(o.apiKey()).append('"');
    }
    b.append(",\"image\":").append(batch.size() > 1 ? "[" : "");
    for (int i = 0; i < batch.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"base64\",\"value\":\"")
          .append(Base64.getEncoder().encodeToString(batch.get(i)))
          .append("\"}");
    }
    return b.append(batch.size() > 1 ? "]" : "")
        .append('}')
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** N clients, each sending its next request when the last one answered. */
  static List<Statistics.Outcome> closedLoop(Options o, Target target, List<byte[]> bodies)
      throws Exception {
    List<Statistics.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    AtomicLong issued = new AtomicLong();
    long deadline =
        o.durationSeconds() > 0
            ? System.nanoTime() + (long) (o.durationSeconds() * 1e9)
            : Long.MAX_VALUE;
    long limit = o.durationSeconds() > 0 ? Long.MAX_VALUE : o.requests();
    ExecutorService clients = Executors.newFixedThreadPool(o.clients());
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int c = 0; c < o.clients(); c++) {
      running.add(
          CompletableFuture.runAsync(
              () -> {
                long n;
                while ((n = issued.getAndIncrement()) < limit && System.nanoTime() < deadline) {
                  long sent = System.nanoTime();
                  Statistics.Outcome r =
                      target.send(bodies.get((int) (n % bodies.size())), o.batch()).join();
                  outcomes.add(
                      new Statistics.Outcome(
                          r.status(), System.nanoTime() - sent, r.images(), r.serverSeconds()));
                }
              },
              clients));
    }
    CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).join();
    clients.shutdown();
    return new ArrayList<>(outcomes);
  }

  /**
   * Requests due at a fixed rate whatever the answers; each latency counts from the time its
   * request was due.
   */
  static List<Statistics.Outcome> openLoop(Options o, Target target, List<byte[]> bodies) {
    long period = (long) (1e9 / o.rate());
    long count = o.durationSeconds() > 0 ? (long) (o.durationSeconds() * o.rate()) : o.requests();
    ExecutorService senders = Executors.newCachedThreadPool();
    List<CompletableFuture<Statistics.Outcome>> all = new ArrayList<>();
    long start = System.nanoTime();
    for (long n = 0; n < count; n++) {
      long due = start + n * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      byte[] body = bodies.get((int) (n % bodies.size()));
      all.add(
          CompletableFuture.supplyAsync(() -> target.send(body, o.batch()).join(), senders)
              .thenApply(
                  r ->
                      new Statistics.Outcome(
                          r.status(), System.nanoTime() - due, r.images(), r.serverSeconds())));
    }
    List<Statistics.Outcome> outcomes = new ArrayList<>();
    all.forEach(f -> outcomes.add(f.join()));
    senders.shutdown();
    return outcomes;
  }

  private static List<byte[]> photos(Path folder) throws IOException {
    List<byte[]> photos = new ArrayList<>();
    try (var files = Files.list(folder)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png")) {
          photos.add(Files.readAllBytes(p));
        }
      }
    }
    if (photos.isEmpty()) {
      throw new IllegalArgumentException("no .jpg or .png images in " + folder);
    }
    return photos;
  }

  private static void write(Options o, Statistics s) throws IOException {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("datetime", Instant.now().toString());
    parameters.put("model_id", o.model());
    parameters.put("dataset_reference", o.images().toString());
    parameters.put("benchmark_inferences", o.requests());
    parameters.put("batch_size", o.batch());
    parameters.put(
        "host",
        o.onnxAlone() != null
            ? "onnx-runtime-alone " + o.onnxAlone() + " intra-op " + o.intraOp()
            : o.inProcess() ? "in-process" : o.url());
    parameters.put("clients", o.rate() > 0 ? null : o.clients());
    parameters.put("requests_per_second_offered", o.rate() > 0 ? o.rate() : null);
    parameters.put("duration_seconds", o.durationSeconds() > 0 ? o.durationSeconds() : null);
    parameters.put("legacy_endpoints", o.legacy());
    parameters.put(
        "client",
        o.sdk()
            ? "jinference-sdk"
            : o.inProcess() || o.onnxAlone() != null ? null : "java.net.http");
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    platform.put("architecture", System.getProperty("os.arch"));
    platform.put("cpu_cores", Runtime.getRuntime().availableProcessors());
    platform.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark_parameters", parameters);
    result.put("benchmark_results", s.asRoboflowJson());
    result.put("platform", platform);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(o.output().toFile(), result);
  }
}
