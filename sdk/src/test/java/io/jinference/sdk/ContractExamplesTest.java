package io.jinference.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec's examples (which the WireMock stubs serve) conform to the spec's schemas. */
class ContractExamplesTest {
  @Test
  void everySchemaExampleMatchesItsSchema() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = Contract.schemas().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> s = it.next();
      if (!s.getValue().has("example")) {
        problems.add(s.getKey() + " has no example");
      } else {
        checked++;
        for (String p : Contract.validate(s.getValue().get("example"), s.getValue())) {
          problems.add(s.getKey() + " " + p);
        }
      }
    }
    assertTrue(checked >= 20, "examples checked: " + checked);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyErrorResponseExampleMatchesTheErrorSchema() {
    for (Iterator<Map.Entry<String, JsonNode>> it = Contract.responses().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      JsonNode example = r.getValue().path("content").path("application/json").get("example");
      assertEquals(
          List.of(), Contract.validate(example, Contract.schema("ErrorResponse")), r.getKey());
    }
  }

  @Test
  void theValidatorCatchesDrift() throws Exception {
    ObjectNode prediction =
        (ObjectNode) Contract.JSON.readTree(Contract.example("ObjectDetectionPrediction"));
    prediction.remove("class");
    assertFalse(
        Contract.validate(prediction, Contract.schema("ObjectDetectionPrediction")).isEmpty());
    ObjectNode renamed =
        (ObjectNode) Contract.JSON.readTree(Contract.example("ObjectDetectionPrediction"));
    renamed.put("class_name", "dog");
    assertFalse(Contract.validate(renamed, Contract.schema("ObjectDetectionPrediction")).isEmpty());
    JsonNode wrongType = Contract.JSON.readTree("{\"width\": \"768\", \"height\": 576}");
    assertFalse(Contract.validate(wrongType, Contract.schema("InferenceResponseImage")).isEmpty());
    JsonNode confidenceWord = Contract.JSON.readTree("\"worst\"");
    assertFalse(Contract.validate(confidenceWord, Contract.schema("Confidence")).isEmpty());
    assertTrue(
        Contract.validate(Contract.JSON.readTree("\"best\""), Contract.schema("Confidence"))
            .isEmpty());
  }
}
