package io.jinference.server.workflow.engine;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.image.Deadline;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a compiled workflow (reference §8.2): image inputs given as a list form a batch (other
 * inputs are shared), parameters take their {@code default_value} when absent, steps run in
 * dependency order, and each batch element answers one object with every declared output,
 * serialised as Roboflow does (detections as {@code {image, predictions}}, images as {@code {type:
 * base64, value}}); {@code excluded_fields} are left out. Steps run layer by layer, as Roboflow's
 * engine: the steps of a layer read only earlier layers, so they run in parallel on the IO pool, at
 * most {@code WORKFLOWS_MAX_CONCURRENT_STEPS} at once; a layer finishes completely (even when one
 * of its steps fails) before anything is thrown or closed, so no step outlives the images it reads.
 */
@Singleton
public final class WorkflowRunner {
  private final WorkflowCompiler compiler;
  private final ImageLoader images;
  private final ExecutorService executor;
  private final int maxConcurrentSteps;
  private final int maxBatch;
  private final Duration timeout;
  private final long maxPixels;
  private final long maxStepPixels;

  @Inject
  WorkflowRunner(
      WorkflowCompiler compiler,
      ImageLoader images,
      @Named(TaskExecutors.IO) ExecutorService executor,
      Settings settings) {
    this(
        compiler,
        images,
        executor,
        settings.integer(Setting.WORKFLOWS_MAX_CONCURRENT_STEPS),
        settings.integer(Setting.MAX_BATCH_SIZE),
        Duration.ofMillis(settings.number(Setting.WORKFLOWS_EXECUTION_TIMEOUT_MS)),
        settings.number(Setting.WORKFLOWS_MAX_PIXELS_PER_IMAGE),
        settings.number(Setting.WORKFLOWS_MAX_PIXELS_PER_STEP));
  }

  WorkflowRunner(
      WorkflowCompiler compiler,
      ImageLoader images,
      ExecutorService executor,
      int maxConcurrentSteps,
      int maxBatch,
      Duration timeout,
      long maxPixels,
      long maxStepPixels) {
    if (maxConcurrentSteps < 1) {
      throw new IllegalArgumentException("WORKFLOWS_MAX_CONCURRENT_STEPS must be at least 1");
    }
    this.compiler = compiler;
    this.images = images;
    this.executor = executor;
    this.maxConcurrentSteps = maxConcurrentSteps;
    this.maxBatch = maxBatch;
    this.timeout = timeout;
    this.maxPixels = maxPixels;
    this.maxStepPixels = maxStepPixels;
  }

  /** Compiles without running, for validation and interface descriptions. */
  WorkflowCompiler.Compiled compile(Map<String, Object> specification) {
    return compiler.compile(specification);
  }

  public List<Map<String, Object>> run(
      Map<String, Object> specification,
      Map<String, Object> inputs,
      List<String> excludedFields,
      String apiKey) {
    return run(compiler.compile(specification), inputs, excludedFields, apiKey);
  }

  /** Runs a definition compiled once (a pipeline runs the same one on every frame). */
  List<Map<String, Object>> run(
      WorkflowCompiler.Compiled w,
      Map<String, Object> inputs,
      List<String> excludedFields,
      String apiKey) {
    Map<String, Object> given = inputs == null ? Map.of() : inputs;
    int batch = 1;
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      Object v = given.get(i.name());
      boolean perElement =
          v instanceof List
              && (i.dimensionality() == 1
                  || !((List<?>) v).isEmpty()
                      && ((List<?>) v).get(0) instanceof List); // at 2, one list per element
      if (i.batch() && perElement) {
        int size = ((List<?>) v).size();
        if (size == 0) {
          throw WorkflowException.runtimeInput("Batch input '" + i.name() + "' is an empty list.");
        }
        if (batch > 1 && size > 1 && size != batch) {
          throw WorkflowException.runtimeInput(
              "Batch inputs of different lengths: '"
                  + i.name()
                  + "' has "
                  + size
                  + " values, another "
                  + batch
                  + ".");
        }
        batch = Math.max(batch, size);
      }
    }
    if (batch > maxBatch) {
      throw WorkflowException.runtimeInput(
          "A workflow batch of " + batch + " is larger than MAX_BATCH_SIZE (" + maxBatch + ").");
    }
    List<Map<String, Object>> results = new ArrayList<>(batch);
    Deadline deadline = Deadline.after(timeout);
    Deadline downloads = images == null ? deadline : images.downloadDeadline().earlier(deadline);
    for (int b = 0; b < batch; b++) {
      List<Values.Image> opened = new ArrayList<>();
      // Pixels are counted per input image: the batch's elements run one after another, each
      // closing its images.
      Block.StepContext context =
          new Block.StepContext(apiKey, new RunLimits(deadline, maxPixels, maxStepPixels));
      try {
        results.add(runOne(w, given, b, context, downloads, opened, excludedFields));
      } finally {
        opened.forEach(img -> img.image().close());
      }
    }
    return results;
  }

  private Map<String, Object> runOne(
      WorkflowCompiler.Compiled w,
      Map<String, Object> given,
      int b,
      Block.StepContext context,
      Deadline downloads,
      List<Values.Image> opened,
      List<String> excluded) {
    Map<String, Object> inputValues = new HashMap<>();
    for (WorkflowDefinition.Input i : w.definition().inputs()) {
      Object v = given.get(i.name());
      if (i.dimensionality() == 2) {
        Object element =
            v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof List
                ? ((List<?>) v).get(Math.min(b, ((List<?>) v).size() - 1))
                : v;
        if (!(element instanceof List) || ((List<?>) element).size() > maxBatch) {
          throw WorkflowException.runtimeInput(
              "Input '"
                  + i.name()
                  + "' has dimensionality 2: give a list of at "
                  + "most "
                  + maxBatch
                  + " values for each batch element (or a list of such lists).");
        }
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) element) {
          items.add(i.image() ? image(i.name(), item, opened, downloads) : item);
        }
        inputValues.put(i.name(), new Values.Batch(items));
      } else if (i.image()) {
        Object ref =
            v instanceof List ? ((List<?>) v).get(Math.min(b, ((List<?>) v).size() - 1)) : v;
        inputValues.put(i.name(), image(i.name(), ref, opened, downloads));
      } else if (i.batch() && v instanceof List) {
        List<?> values = (List<?>) v;
        inputValues.put(i.name(), values.get(Math.min(b, values.size() - 1)));
      } else {
        if (v == null && i.defaultValue() == null && !given.containsKey(i.name())) {
          throw WorkflowException.runtimeInput(
              "Parameter '" + i.name() + "' has no value and no default_value.");
        }
        inputValues.put(i.name(), v != null ? v : i.defaultValue());
      }
    }
    Map<String, Map<String, Object>> stepOutputs = new HashMap<>();
    java.util.Set<String> masked = new java.util.HashSet<>();
    Map<String, List<Object>> gates =
        new HashMap<>(); // per-crop decisions of continue_if, by the steps they gate
    for (List<WorkflowDefinition.Step> layer : layers(w)) {
      if (context.limits().deadline().passed() && !layer.isEmpty()) {
        WorkflowDefinition.Step next = layer.get(0);
        throw WorkflowException.step(
            next.name(), next.type(), RunLimits.timedOut(context.limits().deadline()));
      }
      List<WorkflowDefinition.Step> running = new ArrayList<>();
      List<Callable<Map<String, Object>>> calls = new ArrayList<>();
      for (WorkflowDefinition.Step s : layer) {
        if (masked.contains(s.name())
            || w.dependsOn().get(s.name()).stream().anyMatch(masked::contains)) {
          masked.add(
              s.name()); // a branch not taken: the step does not run and its outputs are null
          stepOutputs.put(s.name(), new HashMap<>());
          continue;
        }
        Block block = w.blocks().get(s.name());
        Map<String, Object> resolved = new HashMap<>();
        for (Map.Entry<String, BlockManifest.Field> f : block.manifest().fields().entrySet()) {
          Object raw =
              s.fields().containsKey(f.getKey())
                  ? s.fields().get(f.getKey())
                  : f.getValue().defaultValue();
          resolved.put(f.getKey(), resolve(raw, inputValues, stepOutputs));
        }
        List<Object> gate = gates.get(s.name());
        if (gate != null && gate.stream().noneMatch(Boolean.TRUE::equals)) {
          masked.add(s.name()); // stopped for every crop: as a branch not taken
          stepOutputs.put(s.name(), new HashMap<>());
          continue;
        }
        running.add(s);
        calls.add(() -> runStep(block, resolved, gate, context));
      }
      List<Map<String, Object>> outs = runLayer(running, calls, opened);
      for (int i = 0; i < running.size(); i++) {
        WorkflowDefinition.Step s = running.get(i);
        Object decision = outs.get(i).get(Block.CONTINUE);
        if (Boolean.FALSE.equals(decision)) {
          nextSteps(s).forEach(masked::add);
        } else if (decision instanceof Values.Batch) {
          List<Object> perCrop = ((Values.Batch) decision).items();
          nextSteps(s).forEach(next -> gates.merge(next, perCrop, WorkflowRunner::both));
        }
        stepOutputs.put(s.name(), outs.get(i));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (WorkflowDefinition.Output o : w.definition().outputs()) {
      if (excluded != null && excluded.contains(o.name())) {
        continue;
      }
      if (o.selector().endsWith(".*")) {
        Map<String, Object> all = new LinkedHashMap<>();
        stepOutputs
            .get(o.selector().split("\\.")[1])
            .forEach((k, v) -> all.put(k, WorkflowJson.serialise(v, o.parentCoordinates())));
        result.put(o.name(), all);
      } else {
        result.put(
            o.name(),
            WorkflowJson.serialise(
                resolve(o.selector(), inputValues, stepOutputs), o.parentCoordinates()));
      }
    }
    return result;
  }

  /** Loads an image input ({@code {"type", "value"}}); the run closes it at the end. */
  private Values.Image image(
      String input, Object ref, List<Values.Image> opened, Deadline downloads) {
    if (ref instanceof DecodedImage) {
      return new Values.Image((DecodedImage) ref); // a video frame: its pipeline closes it
    }
    if (!(ref instanceof Map)) {
      throw WorkflowException.runtimeInput(
          "Image input '"
              + input
              + "' is missing or is not an object "
              + "{\"type\": ..., \"value\": ...}.");
    }
    Map<?, ?> m = (Map<?, ?>) ref;
    Values.Image image =
        new Values.Image(
            images.load(
                new ImageReference(
                    String.valueOf(m.get("type")),
                    m.get("value") == null ? null : String.valueOf(m.get("value"))),
                true,
                downloads));
    opened.add(image);
    return image;
  }

  /**
   * Steps grouped by depth: a step's layer is one more than the deepest layer of the steps it
   * depends on.
   */
  private static List<List<WorkflowDefinition.Step>> layers(WorkflowCompiler.Compiled w) {
    Map<String, Integer> depth = new HashMap<>();
    List<List<WorkflowDefinition.Step>> layers = new ArrayList<>();
    for (WorkflowDefinition.Step s : w.order()) {
      int d = 0;
      for (String dep : w.dependsOn().get(s.name())) {
        d = Math.max(d, depth.get(dep) + 1);
      }
      depth.put(s.name(), d);
      while (layers.size() <= d) {
        layers.add(new ArrayList<>());
      }
      layers.get(d).add(s);
    }
    return layers;
  }

  /**
   * Runs one layer's steps, a single one on this thread, more at most {@code maxConcurrentSteps} at
   * a time on the executor; waits for all of them, records the images they made, then throws the
   * first failure, if any.
   */
  private List<Map<String, Object>> runLayer(
      List<WorkflowDefinition.Step> steps,
      List<Callable<Map<String, Object>>> calls,
      List<Values.Image> opened) {
    List<Map<String, Object>> outs = new ArrayList<>(steps.size());
    RuntimeException failure = null;
    for (int from = 0; from < calls.size(); from += maxConcurrentSteps) {
      int to = Math.min(calls.size(), from + maxConcurrentSteps);
      List<Future<Map<String, Object>>> futures = new ArrayList<>();
      for (int i = from; i < to; i++) {
        futures.add(to - from == 1 ? completed(calls.get(i)) : executor.submit(calls.get(i)));
      }
      for (int i = from; i < to; i++) {
        try {
          Map<String, Object> out = join(futures.get(i - from));
          out.values().forEach(v -> images(v, opened));
          outs.add(out);
        } catch (WorkflowException e) {
          failure = failure == null ? e : failure;
        } catch (RuntimeException e) {
          WorkflowDefinition.Step s = steps.get(i);
          failure = failure == null ? WorkflowException.step(s.name(), s.type(), e) : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    return outs;
  }

  /** Crop by crop, whether both gates let it through. */
  private static List<Object> both(List<Object> a, List<Object> b) {
    List<Object> and = new ArrayList<>(Math.max(a.size(), b.size()));
    for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
      and.add(
          k < a.size()
              && k < b.size()
              && Boolean.TRUE.equals(a.get(k))
              && Boolean.TRUE.equals(b.get(k)));
    }
    return and;
  }

  /**
   * Runs a step: once, or once per element when a field that does not take batches whole is given a
   * nested batch (the crops of an image), giving batches. An element is skipped, its outputs null,
   * where an input element is null (skipped upstream) or where the step's {@code gate} (a
   * continue_if's per-crop decisions) says no. Images made before a failing element are closed.
   */
  static Map<String, Object> runStep(
      Block block, Map<String, Object> resolved, List<Object> gate, Block.StepContext run) {
    Block.StepContext context = new Block.StepContext(run.apiKey(), run.limits().step());
    return context.limits().during(() -> runStepElements(block, resolved, gate, context));
  }

  private static Map<String, Object> runStepElements(
      Block block, Map<String, Object> resolved, List<Object> gate, Block.StepContext context) {
    int size = -1;
    for (Map.Entry<String, Object> e : resolved.entrySet()) {
      if (!block.manifest().fields().get(e.getKey()).wholeBatch()) {
        for (Values.Batch b : batches(e.getValue())) {
          if (size >= 0 && size != b.items().size()) {
            throw WorkflowException.definition(
                "Inputs of one step are nested batches of different sizes.");
          }
          size = b.items().size();
        }
      }
    }
    if (size < 0) {
      return block.run(resolved, context);
    }
    boolean gated =
        gate != null && gate.size() == size; // a gate over other crops does not apply element-wise
    Map<String, List<Object>> collected = new LinkedHashMap<>();
    block.manifest().outputs().keySet().forEach(name -> collected.put(name, new ArrayList<>()));
    try {
      for (int k = 0; k < size; k++) {
        Map<String, Object> one = new HashMap<>();
        boolean skip = gated && !Boolean.TRUE.equals(gate.get(k));
        for (Map.Entry<String, Object> e : resolved.entrySet()) {
          if (block.manifest().fields().get(e.getKey()).wholeBatch()) {
            one.put(e.getKey(), e.getValue());
          } else {
            skip |= skippedUpstream(e.getValue(), k);
            one.put(e.getKey(), element(e.getValue(), k));
          }
        }
        context.limits().checkDeadline();
        Map<String, Object> out = skip ? Map.of() : block.run(one, context);
        int done = k;
        for (String name :
            out.keySet()) { // an undeclared output (continue_if's decision) starts here
          collected.computeIfAbsent(
              name, n -> new ArrayList<>(java.util.Collections.nCopies(done, null)));
        }
        collected.forEach((name, values) -> values.add(out.get(name)));
      }
    } catch (RuntimeException e) {
      List<Values.Image> made = new ArrayList<>();
      collected.values().forEach(values -> values.forEach(v -> images(v, made)));
      made.forEach(img -> img.image().close());
      throw e;
    }
    Map<String, Object> outputs = new HashMap<>();
    collected.forEach((name, values) -> outputs.put(name, new Values.Batch(values)));
    return outputs;
  }

  /**
   * The nested batches in a field's value: the value itself or, for a map of named values, among
   * its values.
   */
  private static List<Values.Batch> batches(Object value) {
    if (value instanceof Values.Batch) {
      return List.of((Values.Batch) value);
    }
    List<Values.Batch> found = new ArrayList<>();
    if (value instanceof Map) {
      ((Map<?, ?>) value).values().forEach(v -> found.addAll(batches(v)));
    }
    return found;
  }

  /**
   * A field's value for the k-th crop: batches replaced by their k-th element, maps entry by entry.
   */
  private static Object element(Object value, int k) {
    if (value instanceof Values.Batch) {
      return ((Values.Batch) value).items().get(k);
    }
    if (value instanceof Map) {
      Map<String, Object> one = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((name, v) -> one.put(String.valueOf(name), element(v, k)));
      return one;
    }
    return value;
  }

  /** Whether a batch in the value has no k-th element: a step upstream skipped that crop. */
  private static boolean skippedUpstream(Object value, int k) {
    return batches(value).stream().anyMatch(b -> b.items().get(k) == null);
  }

  /** Every image in a value, nested batches included. */
  private static void images(Object value, List<Values.Image> into) {
    if (value instanceof Values.Image) {
      into.add((Values.Image) value);
    } else if (value instanceof Values.Batch) {
      ((Values.Batch) value).items().forEach(v -> images(v, into));
    }
  }

  /** Runs a call on this thread, as a completed future (or one holding its failure). */
  private static Future<Map<String, Object>> completed(Callable<Map<String, Object>> call) {
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    try {
      f.complete(call.call());
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /** Waits for a step, rethrowing what it threw as it was. */
  private static Map<String, Object> join(Future<Map<String, Object>> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted =
              true; // a step is not abandoned half-way: it may be reading this run's images
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> nextSteps(WorkflowDefinition.Step s) {
    List<String> names = new ArrayList<>();
    for (Object ref : (List<Object>) s.fields().get("next_steps")) {
      names.add(String.valueOf(ref).split("\\.")[1]);
    }
    return names;
  }

  private static Object resolve(
      Object raw, Map<String, Object> inputs, Map<String, Map<String, Object>> steps) {
    if (raw instanceof Map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      ((Map<?, ?>) raw)
          .forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v, inputs, steps)));
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
}
