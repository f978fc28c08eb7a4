package io.jinference.server.workflow.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow definition as Roboflow writes it (reference §8.1): {@code version}, {@code inputs},
 * {@code steps} and {@code outputs}, read from the request's JSON without interpreting the steps
 * yet.
 *
 * @param version the execution-engine version asked for
 * @param inputs declared inputs
 * @param steps declared steps
 * @param outputs declared outputs
 */
record WorkflowDefinition(
    String version, List<Input> inputs, List<Step> steps, List<Output> outputs) {

  /**
   * An input: an image, another batch-oriented value ({@code WorkflowBatchInput}: one value per
   * batch element) or a parameter (shared by every element).
   *
   * @param name input name
   * @param image whether it is an image input
   * @param dimensionality 0 for a parameter; 1 when a list given for it is one value per batch
   *     element; 2 when it is one list per batch element (a nested batch, as the crops of an image)
   * @param defaultValue a parameter's default
   */
  record Input(String name, boolean image, int dimensionality, Object defaultValue) {
    /**
     * Whether a list given for it is one value (or, at dimensionality 2, one list) per batch
     * element.
     */
    boolean batch() {
      return dimensionality > 0;
    }
  }

  /**
   * A step: its block type and its other fields (literals or selectors).
   *
   * @param name unique step name
   * @param type block identifier or alias
   * @param fields every field but {@code type} and {@code name}
   */
  record Step(String name, String type, Map<String, Object> fields) {}

  /**
   * An output.
   *
   * @param name output name
   * @param selector what it takes
   * @param parentCoordinates {@code coordinates_system: parent}: detections on crops mapped to the
   *     parent image
   */
  record Output(String name, String selector, boolean parentCoordinates) {}

  @SuppressWarnings("unchecked")
  static WorkflowDefinition parse(Map<String, Object> spec) {
    if (spec == null) {
      throw WorkflowException.definition("The workflow specification is missing.");
    }
    for (String key : List.of("version", "inputs", "steps", "outputs")) {
      if (!spec.containsKey(key)) {
        // Roboflow's definition model requires all four: {} is no workflow
        throw WorkflowException.definition(
            "The workflow specification lacks its '"
                + key
                + "' (a definition has "
                + "version, inputs, steps and outputs).");
      }
    }
    List<Input> inputs = new ArrayList<>();
    for (Map<String, Object> i : list(spec, "inputs")) {
      String type = text(i, "type", "input");
      String name = text(i, "name", "input");
      boolean batchInput = type.equals("WorkflowBatchInput");
      boolean image =
          type.equals("WorkflowImage")
              || type.equals("InferenceImage")
              || (batchInput && String.valueOf(i.get("kind")).contains("image"));
      if (!image
          && !batchInput
          && !type.equals("WorkflowParameter")
          && !type.equals("InferenceParameter")
          && !type.equals("WorkflowVideoMetadata")) {
        throw WorkflowException.syntax(
            "Input '" + name + "' has a type this server does not support: " + type,
            new WorkflowException.BlockError(
                name,
                type,
                "type",
                "supported input types: WorkflowImage, "
                    + "InferenceImage, WorkflowBatchInput, WorkflowParameter, InferenceParameter,"
                    + " WorkflowVideoMetadata"));
      }
      Object dimensionality =
          batchInput && i.get("dimensionality") != null ? i.get("dimensionality") : 1;
      if (!(dimensionality instanceof Number)
          || ((Number) dimensionality).doubleValue() != 1
              && ((Number) dimensionality).doubleValue() != 2) {
        throw WorkflowException.syntax(
            "Input '"
                + name
                + "' has dimensionality "
                + dimensionality
                + "; this server takes batch inputs of dimensionality 1 or 2.",
            new WorkflowException.BlockError(name, type, "dimensionality", "1 or 2"));
      }
      int depth = image || batchInput ? ((Number) dimensionality).intValue() : 0;
      inputs.add(new Input(name, image, depth, i.get("default_value")));
    }
    List<Step> steps = new ArrayList<>();
    for (Map<String, Object> s : list(spec, "steps")) {
      Map<String, Object> fields = new LinkedHashMap<>(s);
      fields.remove("type");
      fields.remove("name");
      steps.add(new Step(text(s, "name", "step"), text(s, "type", "step"), fields));
    }
    List<Output> outputs = new ArrayList<>();
    for (Map<String, Object> o : list(spec, "outputs")) {
      Object system = o.getOrDefault("coordinates_system", "parent"); // Roboflow's default
      if (!"own".equals(system) && !"parent".equals(system)) {
        throw WorkflowException.definition(
            "coordinates_system of output '" + o.get("name") + "' must be 'own' or " + "'parent'.");
      }
      outputs.add(
          new Output(
              text(o, "name", "output"), text(o, "selector", "output"), "parent".equals(system)));
    }
    Object version = spec.get("version");
    return new WorkflowDefinition(version.toString(), inputs, steps, outputs);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> spec, String key) {
    Object v = spec.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw WorkflowException.definition(
          "'" + key + "' of the workflow specification must be a list.");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object e : (List<Object>) v) {
      if (!(e instanceof Map)) {
        throw WorkflowException.definition("Every element of '" + key + "' must be an object.");
      }
      out.add((Map<String, Object>) e);
    }
    return out;
  }

  private static String text(Map<String, Object> m, String key, String what) {
    Object v = m.get(key);
    if (!(v instanceof String) || ((String) v).isEmpty()) {
      throw WorkflowException.definition("A workflow " + what + " lacks its '" + key + "'.");
    }
    return (String) v;
  }
}
