package io.jinference.server.workflow;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** The workflow feature's entry point for the HTTP layer: run by specification or by saved id. */
@Singleton
public final class Workflows {
  /** The execution-engine versions this server runs (definitions of version 1.x are accepted). */
  public static final List<String> VERSIONS = List.of("1.0.0");

  private final WorkflowRunner runner;
  private final PredefinedWorkflows predefined;
  private final BlockRegistry registry;

  Workflows(WorkflowRunner runner, PredefinedWorkflows predefined, BlockRegistry registry) {
    this.runner = runner;
    this.predefined = predefined;
    this.registry = registry;
  }

  /** Compiles a definition without running it; throws the compiler's error when it does not compile. */
  public void validate(Map<String, Object> specification) {
    runner.validate(specification);
  }

  /**
   * Every block this server runs, described from its manifest (the same declaration the compiler checks
   * against): identifier, aliases, a JSON schema of its fields, its outputs and their kinds.
   */
  public List<Map<String, Object>> describeBlocks() {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (Block b : registry.blocks()) {
      BlockManifest m = b.manifest();
      Map<String, Object> properties = new java.util.LinkedHashMap<>();
      List<String> required = new java.util.ArrayList<>();
      properties.put("type", Map.of("type", "string", "enum", allNames(m)));
      properties.put("name", Map.of("type", "string"));
      m.fields().forEach((name, f) -> {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("kind", List.of(kindName(f.kind())));
        if (f.defaultValue() != null) {
          p.put("default", f.defaultValue());
        }
        properties.put(name, p);
        if (f.required()) {
          required.add(name);
        }
      });
      required.add(0, "name");
      required.add(0, "type");
      List<Map<String, Object>> outputs = new java.util.ArrayList<>();
      m.outputs().forEach((name, kind) -> outputs.add(Map.of("name", name, "kind",
          List.of(Map.of("name", kindName(kind))))));
      Map<String, Object> d = new java.util.LinkedHashMap<>();
      d.put("manifest_type_identifier", m.identifier());
      d.put("manifest_type_identifier_aliases", m.aliases());
      d.put("human_friendly_block_name", humanName(m.identifier()));
      d.put("block_schema", Map.of("type", "object", "properties", properties, "required", required));
      d.put("outputs_manifest", outputs);
      out.add(d);
    }
    return out;
  }

  /** Kinds in Roboflow's names, for {@code declared_kinds}. */
  public List<Map<String, Object>> declaredKinds() {
    List<Map<String, Object>> kinds = new java.util.ArrayList<>();
    for (Kind k : Kind.values()) {
      kinds.add(Map.of("name", kindName(k)));
    }
    return kinds;
  }

  private static List<String> allNames(BlockManifest m) {
    List<String> names = new java.util.ArrayList<>();
    names.add(m.identifier());
    names.addAll(m.aliases());
    return names;
  }

  private static String kindName(Kind k) {
    switch (k) {
      case OBJECT_DETECTION: return "object_detection_prediction";
      case INSTANCE_SEGMENTATION: return "instance_segmentation_prediction";
      case KEYPOINT_DETECTION: return "keypoint_detection_prediction";
      case CLASSIFICATION: return "classification_prediction";
      case ANY: return "*";
      default: return k.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code roboflow_core/bounding_box_visualization@v1} is "Bounding Box Visualization". */
  private static String humanName(String identifier) {
    String bare = identifier.replaceFirst("^roboflow_core/", "").replaceFirst("@v\\d+$", "").replace("roboflow_", "");
    StringBuilder b = new StringBuilder();
    for (String word : bare.split("_")) {
      if (!word.isEmpty()) {
        b.append(b.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return b.toString();
  }

  public List<Map<String, Object>> run(Map<String, Object> specification, Map<String, Object> inputs,
      List<String> excludedFields, String apiKey) {
    return runner.run(specification, inputs, excludedFields, apiKey);
  }

  public List<Map<String, Object>> runPredefined(String workspace, String workflowId, String versionId,
      Map<String, Object> inputs, List<String> excludedFields, String apiKey) {
    return runner.run(predefined.specification(workspace, workflowId, versionId, apiKey), inputs, excludedFields,
        apiKey);
  }
}
