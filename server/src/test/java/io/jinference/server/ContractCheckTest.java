package io.jinference.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The check every test exchange goes through can fail: an undeclared status, a body off its schema.
 */
class ContractCheckTest {
  private static final URI DETECT = URI.create("http://localhost/infer/object_detection");

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDeclaredAnswerPasses() {
    ContractCheck.check(
        "POST",
        DETECT,
        200,
        "application/json",
        json(
            "{\"image\":{\"width\":2,\"height\":3},"
                + "\"predictions\":[],\"inference_id\":\"x\",\"resolved_model\":{\"model_id\":\"coco-nanodet/1\"}}"));
    ContractCheck.check(
        "POST", DETECT, 400, "application/json", json("{\"message\":\"m\",\"error_type\":\"t\"}"));
  }

  @Test
  void anUndeclaredStatusFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                ContractCheck.check(
                    "POST", DETECT, 418, "application/json", json("{\"message\":\"m\"}")));
    assertTrue(e.getMessage().contains("418"), e.getMessage());
  }

  @Test
  void aBodyOffItsSchemaFails() {
    assertThrows(
        AssertionError.class,
        () ->
            ContractCheck.check(
                "POST",
                DETECT,
                200,
                "application/json",
                json("{\"image\":{\"width\":2,\"height\":3}}")),
        "predictions is required");
    assertThrows(
        AssertionError.class,
        () ->
            ContractCheck.check(
                "POST",
                DETECT,
                200,
                "application/json",
                json("{\"image\":{\"width\":2,\"height\":3},\"predictions\":[],\"surprise\":1}")),
        "an undeclared field");
    assertThrows(
        AssertionError.class,
        () ->
            ContractCheck.check(
                "GET",
                URI.create("http://localhost/model/registry"),
                200,
                "application/json",
                json("{\"models\":[{\"model_id\":1}]}")),
        "a number where a string is declared");
  }
}
