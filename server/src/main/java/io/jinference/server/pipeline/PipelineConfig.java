package io.jinference.server.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code InitialisePipelinePayload} read and checked field by field, with Roboflow's defaults:
 * what to read ({@code video_configuration}), what to run on each frame ({@code
 * processing_configuration}, a workflow) and where results wait ({@code sink_configuration}).
 * Everything a client got wrong is a {@link PipelineException} (400) naming the field.
 */
record PipelineConfig(
    List<Object> videoReferences,
    Double maxFps,
    BufferFilling filling,
    BufferConsumption consumption,
    Double batchCollectionTimeout,
    Map<String, Object> workflowSpecification,
    String workspaceName,
    String workflowId,
    String workflowVersionId,
    String imageInputName,
    Map<String, Object> workflowsParameters,
    String videoMetadataInputName,
    int resultsBufferSize,
    int decodingBufferSize,
    Double consumptionTimeout) {

  static final int DEFAULT_BUFFER = 64;

  @SuppressWarnings("unchecked")
  static PipelineConfig parse(
      Map<String, Object> video,
      Map<String, Object> processing,
      Map<String, Object> sink,
      Double consumptionTimeout,
      Map<String, Object> extra,
      int maxSources,
      int maxBuffer) {
    if (video == null) {
      throw PipelineException.invalidPayload("video_configuration is required.");
    }
    if (processing == null) {
      throw PipelineException.invalidPayload("processing_configuration is required.");
    }
    type(video, "video_configuration", "VideoConfiguration");
    type(processing, "processing_configuration", "WorkflowConfiguration");
    Object ref = video.get("video_reference");
    List<Object> refs = new ArrayList<>();
    if (ref instanceof List) {
      refs.addAll((List<Object>) ref);
      if (refs.isEmpty()) {
        throw PipelineException.invalidPayload(
            "video_configuration.video_reference is an empty list.");
      }
    } else if (ref != null) {
      refs.add(ref);
    } else {
      throw PipelineException.invalidPayload("video_configuration.video_reference is required.");
    }
    if (refs.size() > maxSources) {
      throw PipelineException.invalidPayload(
          "video_configuration.video_reference lists "
              + refs.size()
              + " sources, more than "
              + maxSources
              + " (MAX_BATCH_SIZE).");
    }
    for (Object r : refs) {
      if (!(r instanceof String) && !(r instanceof Integer || r instanceof Long)) {
        throw PipelineException.invalidPayload(
            "video_configuration.video_reference must be a path, a URL, a camera index or a list of them.");
      }
    }
    Double maxFps = number(video, "max_fps", "video_configuration");
    if (maxFps != null && !(maxFps > 0)) {
      throw PipelineException.invalidPayload("video_configuration.max_fps must be above 0.");
    }
    BufferFilling filling =
        choice(
            video,
            "source_buffer_filling_strategy",
            BufferFilling.class,
            BufferFilling.DROP_OLDEST);
    BufferConsumption consumption =
        choice(
            video,
            "source_buffer_consumption_strategy",
            BufferConsumption.class,
            BufferConsumption.EAGER);
    Double batchTimeout = number(video, "batch_collection_timeout", "video_configuration");
    if (batchTimeout != null && batchTimeout < 0) {
      throw PipelineException.invalidPayload(
          "video_configuration.batch_collection_timeout must not be negative.");
    }
    Object spec = processing.get("workflow_specification");
    if (spec != null && !(spec instanceof Map)) {
      throw PipelineException.invalidPayload(
          "processing_configuration.workflow_specification must be an object.");
    }
    String workspace = text(processing, "workspace_name");
    String workflowId = text(processing, "workflow_id");
    boolean named = workspace != null && workflowId != null;
    if (named == (spec != null)) {
      throw PipelineException.invalidPayload(
          "give either processing_configuration.workflow_specification or both workspace_name and"
              + " workflow_id.");
    }
    Object params = processing.get("workflows_parameters");
    if (params != null && !(params instanceof Map)) {
      throw PipelineException.invalidPayload(
          "processing_configuration.workflows_parameters must be an object.");
    }
    String imageInput = orDefault(text(processing, "image_input_name"), "image");
    String metadataInput =
        orDefault(text(processing, "video_metadata_input_name"), "video_metadata");
    int results = DEFAULT_BUFFER;
    if (sink != null) {
      type(sink, "sink_configuration", "MemorySinkConfiguration");
      results = count(sink, "results_buffer_size", "sink_configuration", results, maxBuffer);
    }
    int decoding = count(extra, "decoding_buffer_size", "the payload", DEFAULT_BUFFER, maxBuffer);
    if (consumptionTimeout != null && !(consumptionTimeout > 0)) {
      throw PipelineException.invalidPayload("consumption_timeout must be above 0 seconds.");
    }
    return new PipelineConfig(
        refs,
        maxFps,
        filling,
        consumption,
        batchTimeout,
        (Map<String, Object>) spec,
        workspace,
        workflowId,
        text(processing, "workflow_version_id"),
        imageInput,
        params == null ? Map.of() : (Map<String, Object>) params,
        metadataInput,
        results,
        decoding,
        consumptionTimeout);
  }

  private static void type(Map<String, Object> m, String field, String expected) {
    Object t = m.get("type");
    if (t != null && !expected.equals(t)) {
      throw PipelineException.invalidPayload(
          field + ".type must be " + expected + " (this server serves no other), not " + t + ".");
    }
  }

  private static Double number(Map<String, Object> m, String key, String where) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number)) {
      throw PipelineException.invalidPayload(where + "." + key + " must be a number.");
    }
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw PipelineException.invalidPayload(where + "." + key + " must be a finite number.");
    }
    return d;
  }

  private static int count(Map<String, Object> m, String key, String where, int dflt, int max) {
    Double d = m == null ? null : number(m, key, where);
    if (d == null) {
      return dflt;
    }
    if (d != Math.rint(d) || d < 1 || d > max) {
      throw PipelineException.invalidPayload(
          where + "." + key + " must be a whole number from 1 to " + max + ".");
    }
    return d.intValue();
  }

  private static <E extends Enum<E>> E choice(
      Map<String, Object> m, String key, Class<E> type, E dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Enum.valueOf(type, String.valueOf(v).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw PipelineException.invalidPayload(
          "video_configuration."
              + key
              + " must be one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ".");
    }
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      throw PipelineException.invalidPayload(key + " must be a string.");
    }
    return (String) v;
  }

  private static String orDefault(String v, String dflt) {
    return v == null ? dflt : v;
  }
}
