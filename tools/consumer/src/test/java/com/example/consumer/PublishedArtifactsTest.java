package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jinference.sdk.ClassificationResult;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.KeypointsResult;
import io.jinference.sdk.ObjectDetectionResult;
import io.jinference.sdk.SegmentationResult;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does with the published artifacts: the server from {@code jinference-server} (with
 * its embedded default model), the SDK from {@code jinference-sdk}, and {@code infer(imageUrl,
 * modelId)} on a real photo, served over HTTP here; the SDK and everything it brings run on Java 11
 * and its result type is sealed on Java 17.
 */
class PublishedArtifactsTest {
  private static final Path PHOTO = Path.of("../../server/src/test/resources/images/darknet-dog.jpg");

  @Test
  void theSdkGetsDetectionsFromTheServer(@TempDir Path cache) throws Exception {
    assertTrue(
        InferenceHTTPClient.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .getPath()
            .contains("consumer-m2/io/jinference/jinference-sdk/"),
        "the SDK comes from the published repository, not from the reactor");
    byte[] photo = Files.readAllBytes(PHOTO);
    HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext(
        "/dog.jpg",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
          exchange.sendResponseHeaders(200, photo.length);
          exchange.getResponseBody().write(photo);
          exchange.close();
        });
    images.start();
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "model.cache.dir", cache.toString()))) {
      String url = "http://127.0.0.1:" + images.getAddress().getPort() + "/dog.jpg";
      List<String> classes =
          DogFinder.classesOn(server.getURL().toString(), url, "coco-nanodet/1");
      assertTrue(classes.contains("dog"), classes.toString());
    } finally {
      images.stop(0);
    }
  }

  /** Java 11 reads class files up to version 55; the SDK's own Java 17 classes are versioned. */
  @Test
  void everyJarTheSdkBringsRunsOnJava11() throws IOException {
    List<String> jars =
        List.of(Files.readString(Path.of("target/sdk-classpath.txt")).trim().split(":"));
    assertTrue(
        jars.stream().anyMatch(j -> j.contains("jinference-sdk-")), "the SDK is on the list: " + jars);
    assertFalse(
        jars.stream().anyMatch(j -> j.contains("micronaut") || j.contains("javacpp")),
        "no server or native code comes with the SDK: " + jars);
    List<String> tooNew = new ArrayList<>();
    int classes = 0;
    for (String jar : jars) {
      try (JarFile file = new JarFile(jar)) {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          String name = entry.getName();
          if (!name.endsWith(".class")
              || name.startsWith("META-INF/versions/")
              || name.endsWith("module-info.class")) {
            continue;
          }
          classes++;
          try (InputStream in = file.getInputStream(entry)) {
            int major = major(in);
            if (major > 55) {
              tooNew.add(jar + "!" + name + " (class file version " + major + ")");
            }
          }
        }
      }
    }
    assertTrue(classes > 1000, classes + " classes read");
    assertEquals(List.of(), tooNew);
  }

  /** The jar is multi-release: a Java 17 runtime loads the sealed InferenceResult. */
  @Test
  void theResultTypeIsSealedOnJava17() {
    assertTrue(InferenceResult.class.isSealed());
    assertEquals(
        Set.of(
            ObjectDetectionResult.class,
            SegmentationResult.class,
            KeypointsResult.class,
            ClassificationResult.class),
        Set.of(InferenceResult.class.getPermittedSubclasses()));
  }

  private static int major(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    return in.readUnsignedShort();
  }
}
