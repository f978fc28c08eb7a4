package io.jinference.server.workflow;

import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.jinference.server.inference.Detection;
import io.jinference.server.visualization.Visualizer;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a compiled workflow (reference §8.2): image inputs given as a list form a batch (other inputs are shared),
 * parameters take their {@code default_value} when absent, steps run in dependency order, and each batch element
 * answers one object with every declared output, serialised as Roboflow does (detections as
 * {@code {image, predictions}}, images as {@code {type: base64, value}}); {@code excluded_fields} are left out.
 */
@Singleton
public final class WorkflowRunner {
  private final WorkflowCompiler compiler;
  private final ImageLoader images;
  private final Visualizer visualizer;

  WorkflowRunner(WorkflowCompiler compiler, ImageLoader images, Visualizer visualizer) {
    this.compiler = compiler;
    this.images = images;
    this.visualizer = visualizer;
  }

  /** Compiles without running, for validation and interface descriptions. */
  WorkflowCompiler.Compiled compile(Map<String, Object> specification) {
    return compiler.compile(specification);
  }

  public List<Map<String, Object>> run(Map<String, Object> specification, Map<String, Object> inputs,
      List<String> excludedFields, String apiKey) {
    WorkflowCompiler.Compiled w = compiler.compile(specification);
    Map<String, Object> given = inputs == null ? Map.of() : inputs;
    int batch = 1;
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      if (i.image() && given.get(i.name()) instanceof List) {
        batch = Math.max(batch, ((List<?>) given.get(i.name())).size());
      }
    }
    List<Map<String, Object>> results = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      List<Values.Image> opened = new ArrayList<>();
      try {
        results.add(runOne(w, given, b, apiKey, opened, excludedFields));
      } finally {
        opened.forEach(img -> img.image().close());
      }
    }
    return results;
  }

  private Map<String, Object> runOne(WorkflowCompiler.Compiled w, Map<String, Object> given, int b, String apiKey,
      List<Values.Image> opened, List<String> excluded) {
    Map<String, Object> inputValues = new HashMap<>();
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      Object v = given.get(i.name());
      if (i.image()) {
        Object ref = v instanceof List ? ((List<?>) v).get(Math.min(b, ((List<?>) v).size() - 1)) : v;
        if (!(ref instanceof Map)) {
          throw WorkflowException.runtimeInput("Image input '" + i.name() + "' is missing or is not an object "
              + "{\"type\": ..., \"value\": ...}.");
        }
        Map<?, ?> m = (Map<?, ?>) ref;
        Values.Image image = new Values.Image(images.load(new ImageReference(String.valueOf(m.get("type")),
            m.get("value") == null ? null : String.valueOf(m.get("value"))), true));
        opened.add(image);
        inputValues.put(i.name(), image);
      } else {
        if (v == null && i.defaultValue() == null && !given.containsKey(i.name())) {
          throw WorkflowException.runtimeInput("Parameter '" + i.name() + "' has no value and no default_value.");
        }
        inputValues.put(i.name(), v != null ? v : i.defaultValue());
      }
    }
    Map<String, Map<String, Object>> stepOutputs = new HashMap<>();
    java.util.Set<String> masked = new java.util.HashSet<>();
    Block.StepContext context = new Block.StepContext(apiKey);
    for (WorkflowDefinition.Step s : w.order()) {
      Block block = w.blocks().get(s.name());
      if (masked.contains(s.name()) || w.dependsOn().get(s.name()).stream().anyMatch(masked::contains)) {
        masked.add(s.name()); // a branch not taken: the step does not run and its outputs are null
        stepOutputs.put(s.name(), new HashMap<>());
        continue;
      }
      Map<String, Object> resolved = new HashMap<>();
      for (Map.Entry<String, BlockManifest.Field> f : block.manifest().fields().entrySet()) {
        Object raw = s.fields().containsKey(f.getKey()) ? s.fields().get(f.getKey()) : f.getValue().defaultValue();
        resolved.put(f.getKey(), resolve(raw, inputValues, stepOutputs));
      }
      Map<String, Object> out;
      try {
        out = block.run(resolved, context);
      } catch (WorkflowException e) {
        throw e;
      } catch (RuntimeException e) {
        throw WorkflowException.step(s.name(), s.type(), e);
      }
      out.values().stream().filter(Values.Image.class::isInstance).map(Values.Image.class::cast)
          .forEach(opened::add);
      if (Boolean.FALSE.equals(out.get(ContinueIfBlock.CONTINUE))) {
        nextSteps(s).forEach(masked::add);
      }
      stepOutputs.put(s.name(), out);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (WorkflowDefinition.Output o : w.definition().outputs()) {
      if (excluded != null && excluded.contains(o.name())) {
        continue;
      }
      if (o.selector().endsWith(".*")) {
        Map<String, Object> all = new LinkedHashMap<>();
        stepOutputs.get(o.selector().split("\\.")[1]).forEach((k, v) -> all.put(k, serialise(v)));
        result.put(o.name(), all);
      } else {
        result.put(o.name(), serialise(resolve(o.selector(), inputValues, stepOutputs)));
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<String> nextSteps(WorkflowDefinition.Step s) {
    List<String> names = new ArrayList<>();
    for (Object ref : (List<Object>) s.fields().get("next_steps")) {
      names.add(String.valueOf(ref).split("\\.")[1]);
    }
    return names;
  }

  private static Object resolve(Object raw, Map<String, Object> inputs, Map<String, Map<String, Object>> steps) {
    if (raw instanceof Map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      ((Map<?, ?>) raw).forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v, inputs, steps)));
      return resolved;
    }
    if (!(raw instanceof String) || !((String) raw).startsWith("$")) {
      return raw;
    }
    String[] parts = ((String) raw).split("\\.");
    if (parts[0].equals("$inputs")) {
      return inputs.get(parts[1]);
    }
    Map<String, Object> out = steps.get(parts[1]);
    return out == null ? null : out.get(parts[2]);
  }

  private Object serialise(Object v) {
    if (v instanceof Values.Image) {
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("type", "base64");
      image.put("value", Base64.getEncoder().encodeToString(visualizer.jpeg(((Values.Image) v).image())));
      return image;
    }
    if (v instanceof Values.Detections) {
      Values.Detections d = (Values.Detections) v;
      List<Map<String, Object>> predictions = new ArrayList<>();
      for (int i = 0; i < d.detections().size(); i++) {
        Detection det = d.detections().get(i);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("width", det.x2() - det.x1());
        p.put("height", det.y2() - det.y1());
        p.put("x", (det.x1() + det.x2()) / 2);
        p.put("y", (det.y1() + det.y2()) / 2);
        p.put("confidence", det.confidence());
        p.put("class_id", det.classId());
        p.put("class", det.className());
        p.put("detection_id", UUID.randomUUID().toString());
        if (d.polygons() != null) {
          List<Map<String, Object>> points = new ArrayList<>();
          d.polygons().get(i).forEach(xy -> points.add(Map.of("x", xy[0], "y", xy[1])));
          p.put("points", points);
        }
        if (d.keypoints() != null) {
          List<Map<String, Object>> points = new ArrayList<>();
          d.keypoints().get(i).forEach(k -> points.add(Map.of("class_id", k.classId(), "class", k.className(),
              "confidence", k.confidence(), "x", k.x(), "y", k.y())));
          p.put("keypoints", points);
        }
        predictions.add(p);
      }
      return Map.of("image", Map.of("width", d.width(), "height", d.height()), "predictions", predictions);
    }
    if (v instanceof Values.Classes) {
      Values.Classes c = (Values.Classes) v;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("image", Map.of("width", c.width(), "height", c.height()));
      if (c.result().multilabel()) {
        Map<String, Object> all = new LinkedHashMap<>();
        c.result().scores().forEach(s -> all.put(s.className(), Map.of("confidence", s.confidence(),
            "class_id", s.classId())));
        out.put("predictions", all);
        out.put("predicted_classes", c.result().predictedClasses());
      } else {
        List<Map<String, Object>> list = new ArrayList<>();
        c.result().scores().forEach(s -> list.add(Map.of("class", s.className(), "class_id", s.classId(),
            "confidence", s.confidence())));
        out.put("predictions", list);
        out.put("top", c.result().top());
        out.put("confidence", c.result().confidence());
      }
      return out;
    }
    return v;
  }
}
