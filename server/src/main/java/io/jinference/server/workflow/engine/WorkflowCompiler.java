package io.jinference.server.workflow.engine;

import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a definition completely before anything runs (reference §8.2): known blocks, known and
 * required fields, selectors that point at declared inputs and step outputs of a compatible kind,
 * unique names, no cycles. The result lists the steps in an order where every step comes after the
 * steps it reads.
 */
@Singleton
final class WorkflowCompiler {
  /** Blocks that run user code, call outside services or write files: refused by name. */
  private static final Set<String> REFUSED =
      Set.of(
          "custom_python",
          "webhook_sink",
          "local_file_sink",
          "s3_sink",
          "email_notification",
          "slack_notification",
          "twilio_sms_notification",
          "roboflow_dataset_upload",
          "roboflow_custom_metadata",
          "open_ai",
          "anthropic_claude",
          "google_gemini",
          "google_vision_ocr",
          "openrouter",
          "inner_workflow",
          "onvif_sink");

  private final BlockRegistry registry;

  WorkflowCompiler(BlockRegistry registry) {
    this.registry = registry;
  }

  /**
   * A compiled workflow.
   *
   * @param definition the definition
   * @param order steps in execution order
   * @param blocks each step's block
   */
  record Compiled(
      WorkflowDefinition definition,
      List<WorkflowDefinition.Step> order,
      Map<String, Block> blocks,
      Map<String, Set<String>> dependsOn) {}

  Compiled compile(Map<String, Object> specification) {
    WorkflowDefinition d = WorkflowDefinition.parse(specification);
    if (!d.version().startsWith("1")) {
      throw WorkflowException.definition(
          "Execution engine version "
              + d.version()
              + " is not supported; this server"
              + " runs workflows of version 1.x.");
    }
    Map<String, WorkflowDefinition.Input> inputs = new HashMap<>();
    for (WorkflowDefinition.Input i : d.inputs()) {
      if (inputs.put(i.name(), i) != null) {
        throw WorkflowException.definition("Input name '" + i.name() + "' is used twice.");
      }
    }
    Map<String, Block> blocks = new LinkedHashMap<>();
    Map<String, WorkflowDefinition.Step> steps = new LinkedHashMap<>();
    for (WorkflowDefinition.Step s : d.steps()) {
      if (steps.put(s.name(), s) != null) {
        throw WorkflowException.syntax(
            "Step name '" + s.name() + "' is used twice.",
            new WorkflowException.BlockError(
                s.name(), s.type(), "name", "step names must be unique"));
      }
      blocks.put(s.name(), block(s));
    }
    Map<String, Set<String>> dependsOn = new HashMap<>();
    Map<String, Set<String>> flowEdges = new HashMap<>();
    for (WorkflowDefinition.Step s : d.steps()) {
      BlockManifest m = blocks.get(s.name()).manifest();
      Set<String> deps = new HashSet<>();
      for (String field : s.fields().keySet()) {
        if (!m.fields().containsKey(field)) {
          throw WorkflowException.syntax(
              "Step '" + s.name() + "' has a field its block does not declare: " + field,
              new WorkflowException.BlockError(
                  s.name(), s.type(), field, "unknown field of " + m.identifier()));
        }
      }
      for (Map.Entry<String, BlockManifest.Field> f : m.fields().entrySet()) {
        Object value = s.fields().get(f.getKey());
        if (value == null) {
          if (f.getValue().required()) {
            throw WorkflowException.syntax(
                "Step '" + s.name() + "' lacks its required field " + f.getKey(),
                new WorkflowException.BlockError(s.name(), s.type(), f.getKey(), "field required"));
          }
          continue;
        }
        if (value instanceof String && ((String) value).startsWith("$")) {
          Kind source = kindOf((String) value, inputs, steps, blocks, s, f.getKey());
          if (!f.getValue().kind().accepts(source)) {
            throw WorkflowException.reference(
                "Step '"
                    + s.name()
                    + "' field "
                    + f.getKey()
                    + " expects "
                    + f.getValue().kind()
                    + " but "
                    + value
                    + " gives "
                    + source,
                new WorkflowException.BlockError(
                    s.name(),
                    s.type(),
                    f.getKey(),
                    "kind mismatch: " + f.getValue().kind() + " vs " + source));
          }
          String ref = (String) value;
          if (ref.startsWith("$steps.")) {
            deps.add(ref.split("\\.")[1]);
          }
        } else if (value instanceof Map || value instanceof List) {
          // selectors nested in parameter maps, and flow control's next_steps
          for (String ref : nestedSelectors(value)) {
            if (f.getKey().equals("next_steps")) {
              String target = ref.split("\\.")[1];
              if (!steps.containsKey(target)) {
                throw WorkflowException.reference(
                    "next_steps of '" + s.name() + "' names an undeclared step: " + ref,
                    new WorkflowException.BlockError(
                        s.name(), s.type(), f.getKey(), "no step named " + target));
              }
              flowEdges.computeIfAbsent(target, k -> new HashSet<>()).add(s.name());
            } else {
              kindOf(ref, inputs, steps, blocks, s, f.getKey());
              if (ref.startsWith("$steps.")) {
                deps.add(ref.split("\\.")[1]);
              }
            }
          }
        } else if (f.getValue().kind() == Kind.IMAGE
            || f.getValue().kind() == Kind.OBJECT_DETECTION
            || f.getValue().kind() == Kind.CLASSIFICATION) {
          throw WorkflowException.syntax(
              "Step '" + s.name() + "' field " + f.getKey() + " must be a selector",
              new WorkflowException.BlockError(
                  s.name(),
                  s.type(),
                  f.getKey(),
                  "expects a selector ($inputs... or " + "$steps...)"));
        }
      }
      dependsOn.put(s.name(), deps);
    }
    flowEdges.forEach((step, gates) -> dependsOn.get(step).addAll(gates));
    for (WorkflowDefinition.Output o : d.outputs()) {
      if (!o.selector().endsWith(".*")) {
        kindOf(o.selector(), inputs, steps, blocks, null, o.name());
      } else if (!steps.containsKey(o.selector().split("\\.")[1])) {
        throw WorkflowException.reference(
            "Output '" + o.name() + "' points at an unknown step: " + o.selector(),
            new WorkflowException.BlockError(o.name(), "JsonField", "selector", "no such step"));
      }
    }
    List<WorkflowDefinition.Step> order = order(d.steps(), dependsOn);
    checkDimensions(order, blocks, inputs);
    return new Compiled(d, order, blocks, dependsOn);
  }

  /**
   * Batch depth of every step (Roboflow's dimensionality): parameters are 0, images and batch
   * inputs 1, a crop step's outputs one more than its inputs. A step's inputs must share one depth
   * (parameters fit anywhere), except fields that take a nested batch whole, which must be exactly
   * one deeper.
   */
  private static void checkDimensions(
      List<WorkflowDefinition.Step> order,
      Map<String, Block> blocks,
      Map<String, WorkflowDefinition.Input> inputs) {
    Map<String, Integer> depth = new HashMap<>();
    for (WorkflowDefinition.Step s : order) {
      BlockManifest m = blocks.get(s.name()).manifest();
      int base = 0;
      String baseField = null;
      for (Map.Entry<String, Object> f : s.fields().entrySet()) {
        if (f.getKey().equals("next_steps") || m.fields().get(f.getKey()).wholeBatch()) {
          continue;
        }
        for (String ref : nestedSelectors(f.getValue())) {
          int dim = depthOf(ref, inputs, depth);
          if (dim > 0 && base > 0 && dim != base) {
            throw WorkflowException.dimensionality(
                "Step '"
                    + s.name()
                    + "' mixes inputs of different batch depth: "
                    + baseField
                    + " ("
                    + base
                    + ") and "
                    + f.getKey()
                    + " ("
                    + dim
                    + ").",
                new WorkflowException.BlockError(
                    s.name(),
                    s.type(),
                    f.getKey(),
                    "depth " + dim + " where " + baseField + " has " + base));
          }
          if (dim > base) {
            base = dim;
            baseField = f.getKey();
          }
        }
      }
      for (Map.Entry<String, Object> f : s.fields().entrySet()) {
        if (!f.getKey().equals("next_steps") && m.fields().get(f.getKey()).wholeBatch()) {
          for (String ref : nestedSelectors(f.getValue())) {
            int dim = depthOf(ref, inputs, depth);
            if (dim != base + 1) {
              throw WorkflowException.dimensionality(
                  "Step '"
                      + s.name()
                      + "' field "
                      + f.getKey()
                      + " needs one "
                      + "value per crop of its other inputs (depth "
                      + (base + 1)
                      + "), but "
                      + ref
                      + " has depth "
                      + dim
                      + ".",
                  new WorkflowException.BlockError(
                      s.name(),
                      s.type(),
                      f.getKey(),
                      "expected depth " + (base + 1) + ", got " + dim));
            }
          }
        }
      }
      depth.put(s.name(), base + (m.nestsOutputs() ? 1 : 0));
    }
  }

  private static int depthOf(
      String ref, Map<String, WorkflowDefinition.Input> inputs, Map<String, Integer> depth) {
    String[] parts = ref.split("\\.");
    if (parts[0].equals("$inputs")) {
      return inputs.get(parts[1]).dimensionality();
    }
    return depth.get(parts[1]);
  }

  /** Strings starting with {@code $} anywhere inside a map or list value. */
  private static List<String> nestedSelectors(Object value) {
    List<String> found = new ArrayList<>();
    if (value instanceof String && ((String) value).startsWith("$")) {
      found.add((String) value);
    } else if (value instanceof Map) {
      ((Map<?, ?>) value).values().forEach(v -> found.addAll(nestedSelectors(v)));
    } else if (value instanceof List) {
      ((List<?>) value).forEach(v -> found.addAll(nestedSelectors(v)));
    }
    return found;
  }

  private Block block(WorkflowDefinition.Step s) {
    String bare = s.type().replaceFirst("^roboflow_core/", "").replaceFirst("@v\\d+$", "");
    if (REFUSED.contains(bare)) {
      throw WorkflowException.syntax(
          "Block "
              + s.type()
              + " (step '"
              + s.name()
              + "') runs user code or reaches "
              + "outside services, which this server does not allow.",
          new WorkflowException.BlockError(s.name(), s.type(), "type", "refused block"));
    }
    Block b = registry.find(s.type());
    if (b == null) {
      throw WorkflowException.syntax(
          "Unknown block type '" + s.type() + "' in step '" + s.name() + "'.",
          new WorkflowException.BlockError(
              s.name(), s.type(), "type", "known blocks: " + registry.identifiers()));
    }
    return b;
  }

  private static Kind kindOf(
      String selector,
      Map<String, WorkflowDefinition.Input> inputs,
      Map<String, WorkflowDefinition.Step> steps,
      Map<String, Block> blocks,
      WorkflowDefinition.Step at,
      String property) {
    String[] parts = selector.split("\\.");
    String blockId = at == null ? property : at.name();
    String blockType = at == null ? "JsonField" : at.type();
    if (parts.length == 2 && parts[0].equals("$inputs")) {
      WorkflowDefinition.Input i = inputs.get(parts[1]);
      if (i == null) {
        throw WorkflowException.reference(
            "Selector " + selector + " points at an undeclared input.",
            new WorkflowException.BlockError(
                blockId, blockType, property, "no input named " + parts[1]));
      }
      return i.image() ? Kind.IMAGE : Kind.ANY;
    }
    if (parts.length == 3 && parts[0].equals("$steps")) {
      Block b = blocks.get(parts[1]);
      if (b == null || !steps.containsKey(parts[1])) {
        throw WorkflowException.reference(
            "Selector " + selector + " points at an undeclared step.",
            new WorkflowException.BlockError(
                blockId, blockType, property, "no step named " + parts[1]));
      }
      Kind k = b.manifest().outputs().get(parts[2]);
      if (k == null) {
        throw WorkflowException.reference(
            "Selector " + selector + " points at an output step " + parts[1] + " does not have.",
            new WorkflowException.BlockError(
                blockId,
                blockType,
                property,
                "outputs of " + parts[1] + ": " + b.manifest().outputs().keySet()));
      }
      return k;
    }
    throw WorkflowException.reference(
        "Malformed selector " + selector + ".",
        new WorkflowException.BlockError(
            blockId,
            blockType,
            property,
            "selectors are $inputs.<name> or " + "$steps.<step>.<output>"));
  }

  /** Kahn's algorithm; what is left over is a cycle. */
  private static List<WorkflowDefinition.Step> order(
      List<WorkflowDefinition.Step> steps, Map<String, Set<String>> dependsOn) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> users = new HashMap<>();
    for (WorkflowDefinition.Step s : steps) {
      pending.put(s.name(), dependsOn.get(s.name()).size());
      for (String dep : dependsOn.get(s.name())) {
        users.computeIfAbsent(dep, k -> new ArrayList<>()).add(s.name());
      }
    }
    Map<String, WorkflowDefinition.Step> byName = new LinkedHashMap<>();
    steps.forEach(s -> byName.put(s.name(), s));
    Deque<String> ready = new ArrayDeque<>();
    steps.stream().filter(s -> pending.get(s.name()) == 0).forEach(s -> ready.add(s.name()));
    List<WorkflowDefinition.Step> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(byName.get(n));
      for (String u : users.getOrDefault(n, List.of())) {
        if (pending.merge(u, -1, Integer::sum) == 0) {
          ready.add(u);
        }
      }
    }
    if (order.size() != steps.size()) {
      List<String> cyclic = new ArrayList<>();
      pending.forEach(
          (k, v) -> {
            if (v > 0) {
              cyclic.add(k);
            }
          });
      throw WorkflowException.structure(
          "The workflow's steps depend on each other in a cycle: " + cyclic);
    }
    return order;
  }
}
