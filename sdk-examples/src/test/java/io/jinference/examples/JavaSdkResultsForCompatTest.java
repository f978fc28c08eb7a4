package io.jinference.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jinference.sdk.Detection;
import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ObjectDetectionResult;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records what the Java SDK gets from the real server for the calls the Python compatibility suite
 * makes (compat/python), so that suite can check Roboflow's Python client and our Java client
 * agree.
 */
class JavaSdkResultsForCompatTest {

  /** Every answer the server gave in the test matched the contract ({@link ContractFilter}). */
  @org.junit.jupiter.api.AfterEach
  void answersMatchedTheContract() {
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), ContractFilter.problems());
  }

  @Test
  void writeJavaSdkResults() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    Path store = Files.createTempDirectory("compat-java-");
    try (EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                    "micronaut.server.port",
                    -1,
                    "model.cache.dir",
                    store.toString(),
                    "offline.mode",
                    "true",
                    "test.contract-check",
                    true));
        InferenceHTTPClient client =
            new InferenceHTTPClient(server.getURL().toString(), null)
                .withConfiguration(
                    InferenceConfiguration.builder().confidenceThreshold(0.3f).build())) {
      for (String photo :
          new String[] {"darknet-dog.jpg", "darknet-person.jpg", "darknet-giraffe.jpg"}) {
        ObjectDetectionResult r =
            client.detect(
                ImageSource.path(Path.of("../server/src/test/resources/images", photo)),
                "coco-nanodet/1");
        ArrayNode predictions = json.createArrayNode();
        for (Detection d : r.predictions()) {
          predictions
              .addObject()
              .put("class", d.className())
              .put("confidence", d.confidence())
              .put("x", d.x())
              .put("y", d.y())
              .put("width", d.width())
              .put("height", d.height());
        }
        assertFalse(predictions.isEmpty(), photo);
        out.putObject(photo).set("predictions", predictions);
      }
    }
    Path file = Path.of("target/compat/java-sdk-results.json");
    Files.createDirectories(file.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
  }
}
