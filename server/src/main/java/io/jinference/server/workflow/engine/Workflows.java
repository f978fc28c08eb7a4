package io.jinference.server.workflow.engine;

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

  /**
   * Compiles a definition without running it; throws the compiler's error when it does not compile.
   */
  public void validate(Map<String, Object> specification) {
    runner.compile(specification);
  }

  /**
   * Every block this server runs, described from its manifest (the same declaration the compiler
   * checks against): identifier, aliases, a JSON schema of its fields, its outputs and their kinds.
   */
  public List<Map<String, Object>> describeBlocks() {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (Block b : registry.blocks()) {
      BlockManifest m = b.manifest();
      Map<String, Object> properties = new java.util.LinkedHashMap<>();
      List<String> required = new java.util.ArrayList<>();
      properties.put("type", Map.of("type", "string", "enum", allNames(m)));
      properties.put("name", Map.of("type", "string"));
      m.fields()
          .forEach(
              (name, f) -> {
                Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("kind", List.of(f.kind().wireName()));
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
      m.outputs()
          .forEach(
              (name, kind) ->
                  outputs.add(
                      Map.of("name", name, "kind", List.of(Map.of("name", kind.wireName())))));
      Map<String, Object> d = new java.util.LinkedHashMap<>();
      d.put("manifest_type_identifier", m.identifier());
      d.put("manifest_type_identifier_aliases", m.aliases());
      d.put("human_friendly_block_name", humanName(m.identifier()));
      d.put(
          "block_schema", Map.of("type", "object", "properties", properties, "required", required));
      d.put("outputs_manifest", outputs);
      out.add(d);
    }
    return out;
  }

  /** Kinds in Roboflow's names, for {@code declared_kinds}. */
  public List<Map<String, Object>> declaredKinds() {
    List<Map<String, Object>> kinds = new java.util.ArrayList<>();
    for (Kind k : Kind.values()) {
      kinds.add(Map.of("name", k.wireName()));
    }
    return kinds;
  }

  /**
   * A JSON schema of a workflow definition this server accepts (Roboflow's {@code
   * /workflows/definition/schema}): the step schemas are the blocks' own, so the schema lists
   * exactly the blocks that run.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> definitionSchema() {
    List<Object> stepSchemas = new java.util.ArrayList<>();
    describeBlocks().forEach(b -> stepSchemas.add(b.get("block_schema")));
    Map<String, Object> image =
        Map.of(
            "type",
            "object",
            "required",
            List.of("type", "name"),
            "properties",
            Map.of(
                "type",
                Map.of("enum", List.of("WorkflowImage", "InferenceImage")),
                "name",
                Map.of("type", "string")));
    Map<String, Object> parameter =
        Map.of(
            "type",
            "object",
            "required",
            List.of("type", "name"),
            "properties",
            Map.of(
                "type",
                Map.of("enum", List.of("WorkflowParameter", "InferenceParameter")),
                "name",
                Map.of("type", "string"),
                "default_value",
                Map.of()));
    Map<String, Object> output =
        Map.of(
            "type",
            "object",
            "required",
            List.of("type", "name", "selector"),
            "properties",
            Map.of(
                "type",
                Map.of("enum", List.of("JsonField")),
                "name",
                Map.of("type", "string"),
                "selector",
                Map.of("type", "string", "pattern", "^\\$(inputs|steps)\\."),
                "coordinates_system",
                Map.of("enum", List.of("own", "parent"))));
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    properties.put("version", Map.of("type", "string"));
    properties.put(
        "inputs", Map.of("type", "array", "items", Map.of("anyOf", List.of(image, parameter))));
    properties.put("steps", Map.of("type", "array", "items", Map.of("anyOf", stepSchemas)));
    properties.put("outputs", Map.of("type", "array", "items", output));
    return Map.of(
        "type",
        "object",
        "required",
        List.of("version", "inputs", "steps", "outputs"),
        "properties",
        properties);
  }

  /**
   * What a definition takes and gives (Roboflow's {@code describe_interface}): each input's kinds,
   * each output's kinds ({@code $steps.s.*} outputs as a map of the step's outputs), and the Python
   * type of every kind named. Compiles the definition first, so an invalid one gets the compiler's
   * error.
   */
  public Map<String, Object> describeInterface(Map<String, Object> specification) {
    WorkflowCompiler.Compiled w = runner.compile(specification);
    Map<String, Object> inputs = new java.util.LinkedHashMap<>();
    java.util.Set<Kind> used = java.util.EnumSet.noneOf(Kind.class);
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      Kind k = i.image() ? Kind.IMAGE : Kind.ANY;
      used.add(k);
      inputs.put(i.name(), List.of(k.wireName()));
    }
    Map<String, Object> outputs = new java.util.LinkedHashMap<>();
    for (WorkflowDefinition.Output o : w.definition().outputs()) {
      String[] parts = o.selector().split("\\.");
      if (parts[0].equals("$inputs")) {
        Kind k =
            w.definition().inputs().stream()
                .filter(i -> i.name().equals(parts[1]))
                .findFirst()
                .map(i -> i.image() ? Kind.IMAGE : Kind.ANY)
                .orElse(Kind.ANY);
        used.add(k);
        outputs.put(o.name(), List.of(k.wireName()));
      } else if (parts[2].equals("*")) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        w.blocks()
            .get(parts[1])
            .manifest()
            .outputs()
            .forEach(
                (name, k) -> {
                  used.add(k);
                  fields.put(name, List.of(k.wireName()));
                });
        outputs.put(o.name(), fields);
      } else {
        Kind k = w.blocks().get(parts[1]).manifest().outputs().get(parts[2]);
        used.add(k);
        outputs.put(o.name(), List.of(k.wireName()));
      }
    }
    Map<String, Object> hints = new java.util.LinkedHashMap<>();
    used.forEach(k -> hints.put(k.wireName(), k.pythonType()));
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("inputs", inputs);
    out.put("outputs", outputs);
    out.put("typing_hints", hints);
    out.put("kinds_schemas", Map.of());
    return out;
  }

  private static List<String> allNames(BlockManifest m) {
    List<String> names = new java.util.ArrayList<>();
    names.add(m.identifier());
    names.addAll(m.aliases());
    return names;
  }

  /** {@code roboflow_core/bounding_box_visualization@v1} is "Bounding Box Visualization". */
  private static String humanName(String identifier) {
    String bare =
        identifier
            .replaceFirst("^roboflow_core/", "")
            .replaceFirst("@v\\d+$", "")
            .replace("roboflow_", "");
    StringBuilder b = new StringBuilder();
    for (String word : bare.split("_")) {
      if (!word.isEmpty()) {
        b.append(b.length() == 0 ? "" : " ")
            .append(Character.toUpperCase(word.charAt(0)))
            .append(word.substring(1));
      }
    }
    return b.toString();
  }

  public List<Map<String, Object>> run(
      Map<String, Object> specification,
      Map<String, Object> inputs,
      List<String> excludedFields,
      String apiKey) {
    return runner.run(specification, inputs, excludedFields, apiKey);
  }

  /**
   * A definition compiled once: its input names, and a function that runs it on one set of inputs
   * (a video frame and the parameters) and gives its one result.
   *
   * @param inputs the names of the definition's inputs
   * @param run runs the definition
   */
  public record CompiledRunner(
      java.util.Set<String> inputs,
      java.util.function.Function<Map<String, Object>, Map<String, Object>> run) {}

  /** Compiles a definition once; a definition that does not compile throws here. */
  public CompiledRunner compiledRunner(Map<String, Object> specification, String apiKey) {
    WorkflowCompiler.Compiled w = runner.compile(specification);
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      names.add(i.name());
    }
    return new CompiledRunner(
        java.util.Set.copyOf(names), inputs -> runner.run(w, inputs, null, apiKey).get(0));
  }

  public List<Map<String, Object>> runPredefined(
      String workspace,
      String workflowId,
      String versionId,
      boolean useCache,
      Map<String, Object> inputs,
      List<String> excludedFields,
      String apiKey) {
    return runner.run(
        predefined.specification(workspace, workflowId, versionId, apiKey, useCache),
        inputs,
        excludedFields,
        apiKey);
  }

  /** A saved workflow's definition (from WORKFLOWS_DIR or Roboflow's API), fetched once. */
  public Map<String, Object> savedSpecification(
      String workspace, String workflowId, String versionId, String apiKey) {
    return predefined.specification(workspace, workflowId, versionId, apiKey, true);
  }

  /** {@link #describeInterface} of a saved workflow. */
  public Map<String, Object> describePredefinedInterface(
      String workspace, String workflowId, String versionId, boolean useCache, String apiKey) {
    return describeInterface(
        predefined.specification(workspace, workflowId, versionId, apiKey, useCache));
  }
}
