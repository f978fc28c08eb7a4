package io.jinference.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The contract file read as data: its schemas and examples, and a validator for the subset of
 * OpenAPI 3.0 schema keywords the contract uses ($ref, oneOf, type, required, properties, items,
 * enum, nullable). Objects are checked strictly: a property the schema does not declare is an
 * error, so examples cannot drift.
 */
final class Contract {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SPEC = load();

  private Contract() {}

  private static JsonNode load() {
    Path p =
        Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("openapi/inference-api.yaml");
    if (!Files.exists(p)) {
      p = Path.of("../openapi/inference-api.yaml");
    }
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stubs {@code /model/registry} with the contract's example, naming this model and task. */
  static void stubRegistry(String model, String task) {
    com.github.tomakehurst.wiremock.client.WireMock.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                    path("listLoadedModels")))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    example("ModelsDescriptions")
                        .replace("coco-nanodet/1", model)
                        .replace("object-detection", task))));
  }

  /**
   * The path of an operation, from the contract, with its path parameters filled in order: tests
   * stub and verify the paths the contract declares, not strings of their own.
   */
  static String path(String operationId, String... parameters) {
    for (Iterator<Map.Entry<String, JsonNode>> paths = SPEC.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (JsonNode op : p.getValue()) {
        if (operationId.equals(op.path("operationId").asText())) {
          String path = p.getKey();
          for (String value : parameters) {
            path = path.replaceFirst("\\{[^}]+}", value);
          }
          if (path.contains("{")) {
            throw new IllegalArgumentException(
                operationId + " needs more path parameters: " + path);
          }
          return path;
        }
      }
    }
    throw new IllegalArgumentException("no operation " + operationId + " in the contract");
  }

  static JsonNode schema(String name) {
    JsonNode s = SPEC.path("components").path("schemas").get(name);
    if (s == null) {
      throw new IllegalArgumentException("no schema " + name);
    }
    return s;
  }

  static JsonNode schemas() {
    return SPEC.path("components").path("schemas");
  }

  static JsonNode responses() {
    return SPEC.path("components").path("responses");
  }

  /** The example of a schema, as JSON text. */
  static String example(String schema) {
    JsonNode e = schema(schema).get("example");
    if (e == null) {
      throw new IllegalArgumentException("schema " + schema + " has no example");
    }
    return e.toString();
  }

  /** Problems found validating {@code value} against {@code schema}; empty when it conforms. */
  static List<String> validate(JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "$", problems);
    return problems;
  }

  private static void check(JsonNode v, JsonNode s, String at, List<String> problems) {
    if (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      check(v, schema(ref.substring(ref.lastIndexOf('/') + 1)), at, problems);
      return;
    }
    if (v.isNull()) {
      if (!s.path("nullable").asBoolean(false)) {
        problems.add(at + ": null but not nullable");
      }
      return;
    }
    if (s.has("oneOf")) {
      int matches = 0;
      for (JsonNode option : s.get("oneOf")) {
        if (validate(v, option).isEmpty()) {
          matches++;
        }
      }
      if (matches != 1) {
        problems.add(at + ": matches " + matches + " oneOf options, not exactly one");
      }
      return;
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object":
        if (!v.isObject()) {
          problems.add(at + ": not an object");
          return;
        }
        for (JsonNode r : s.path("required")) {
          if (!v.has(r.asText())) {
            problems.add(at + ": missing required " + r.asText());
          }
        }
        JsonNode props = s.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (props.has(f.getKey())) {
            check(f.getValue(), props.get(f.getKey()), at + "." + f.getKey(), problems);
          } else if (!s.has("additionalProperties")) {
            problems.add(at + ": undeclared property " + f.getKey());
          }
        }
        break;
      case "array":
        if (!v.isArray()) {
          problems.add(at + ": not an array");
          return;
        }
        for (int i = 0; i < v.size(); i++) {
          check(v.get(i), s.get("items"), at + "[" + i + "]", problems);
        }
        break;
      case "string":
        if (!v.isTextual()) {
          problems.add(at + ": not a string");
        } else if (s.has("enum")) {
          boolean listed = false;
          for (JsonNode e : s.get("enum")) {
            listed |= e.asText().equals(v.asText());
          }
          if (!listed) {
            problems.add(at + ": '" + v.asText() + "' not in enum");
          }
        }
        break;
      case "integer":
        if (!v.isIntegralNumber()) {
          problems.add(at + ": not an integer");
        }
        break;
      case "number":
        if (!v.isNumber()) {
          problems.add(at + ": not a number");
        }
        break;
      case "boolean":
        if (!v.isBoolean()) {
          problems.add(at + ": not a boolean");
        }
        break;
      default:
        break;
    }
  }
}
