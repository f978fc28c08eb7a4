package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.ClipApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.ClipCompareRequest;
import io.jinference.server.http.model.ClipCompareResponse;
import io.jinference.server.http.model.ClipEmbeddingResponse;
import io.jinference.server.http.model.ClipImageEmbeddingRequest;
import io.jinference.server.http.model.ClipTextEmbeddingRequest;
import io.jinference.server.image.Deadline;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.runtime.clip.Clip;
import io.jinference.server.inference.runtime.clip.ClipTokenizer;
import io.jinference.server.model.ModelAliases;
import io.jinference.server.model.ModelId;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's CLIP routes: {@code /clip/embed_image}, {@code /clip/embed_text} and {@code
 * /clip/compare}, on the model {@code clip/<clip_version_id>} (default {@code ViT-B-16}). Runs on
 * the blocking executor, never on an event loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ClipController implements ClipApi {
  private static final String DEFAULT_VERSION = "ViT-B-16";

  private final Clip clip;
  private final ImageLoader loader;
  private final TaskRequests requests;
  private final ModelAliases aliases;
  private final int maxBatch;

  ClipController(
      Clip clip,
      ImageLoader loader,
      TaskRequests requests,
      ModelAliases aliases,
      Settings settings) {
    this.clip = clip;
    this.loader = loader;
    this.requests = requests;
    this.aliases = aliases;
    this.maxBatch = settings.integer(Setting.MAX_BATCH_SIZE);
  }

  @Override
  public ClipEmbeddingResponse clipEmbedImage(ClipImageEmbeddingRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getClipVersionId());
    boolean autoOrient = !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient());
    Deadline downloads = loader.downloadDeadline(); // one for all the request's URLs
    List<List<Float>> embeddings = new ArrayList<>();
    for (ImageSource source : requests.sources(request.getImage())) {
      embeddings.add(boxed(embedImage(id, source, autoOrient, downloads)));
    }
    return embeddings(embeddings, request.getId(), start);
  }

  @Override
  public ClipEmbeddingResponse clipEmbedText(ClipTextEmbeddingRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getClipVersionId());
    List<String> texts = texts(request.getText(), "text");
    List<List<Float>> embeddings = new ArrayList<>();
    for (String text : texts) {
      embeddings.add(boxed(embedText(id, text, "text")));
    }
    return embeddings(embeddings, request.getId(), start);
  }

  private static ClipEmbeddingResponse embeddings(
      List<List<Float>> embeddings, String requestId, long start) {
    ClipEmbeddingResponse r = new ClipEmbeddingResponse(embeddings, seconds(start), null);
    r.setInferenceId(inferenceId(requestId));
    return r;
  }

  /** Roboflow's: the request's {@code id}, or a new UUID. */
  private static String inferenceId(String requestId) {
    return requestId != null ? requestId : java.util.UUID.randomUUID().toString();
  }

  @Override
  public ClipCompareResponse clipCompare(ClipCompareRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getClipVersionId());
    boolean autoOrient = !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient());
    String subjectType = kind(request.getSubjectType(), "subject_type", "image");
    String promptType = kind(request.getPromptType(), "prompt_type", "text");
    Object prompt = request.getPrompt();
    // the prompts by name (a map), or in order (a list, or one prompt)
    Map<String, Object> named = null;
    List<Object> prompts;
    if (prompt instanceof Map<?, ?> map && !(promptType.equals("image") && isImage(map))) {
      named = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        named.put(String.valueOf(e.getKey()), e.getValue());
      }
      prompts = new ArrayList<>(named.values());
    } else if (prompt instanceof List<?> list) {
      prompts = new ArrayList<>(list);
    } else {
      prompts = new ArrayList<>();
      prompts.add(prompt);
    }
    bounded(prompts.size(), "prompt", "prompts");
    Images images = new Images(autoOrient, loader.downloadDeadline());
    float[] subject = embed(id, request.getSubject(), subjectType, "subject", images);
    List<Double> similarity = new ArrayList<>(prompts.size());
    List<String> names = named == null ? null : new ArrayList<>(named.keySet());
    for (int i = 0; i < prompts.size(); i++) {
      String field = names == null ? "prompt[" + i + "]" : "prompt." + names.get(i);
      similarity.add(Clip.cosine(subject, embed(id, prompts.get(i), promptType, field, images)));
    }
    Object answer = similarity;
    if (named != null) {
      Map<String, Double> byName = new LinkedHashMap<>();
      int i = 0;
      for (String name : named.keySet()) {
        byName.put(name, similarity.get(i++));
      }
      answer = byName;
    }
    ClipCompareResponse r = new ClipCompareResponse(answer, seconds(start), null, null);
    r.setInferenceId(inferenceId(request.getId()));
    return r;
  }

  /** How a request's images are read: orientation, and one download deadline for them all. */
  private record Images(boolean autoOrient, Deadline downloads) {}

  private float[] embed(ModelId id, Object value, String type, String field, Images images) {
    if (type.equals("text")) {
      if (!(value instanceof String text)) {
        throw new InvalidRequestException(
            "InvalidParameterError", "'" + field + "' must be a text (its type is text).");
      }
      return embedText(id, text, field);
    }
    if (!(value instanceof Map<?, ?> map) || !isImage(map)) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "'" + field + "' must be an image, {\"type\": ..., \"value\": ...} (its type is image).");
    }
    ImageReference reference =
        new ImageReference(String.valueOf(map.get("type")), String.valueOf(map.get("value")));
    return embedImage(
        id, new ImageSource.Reference(reference), images.autoOrient(), images.downloads());
  }

  private float[] embedImage(
      ModelId id, ImageSource source, boolean autoOrient, Deadline downloads) {
    try (DecodedImage image = loader.load(source, autoOrient, downloads)) {
      return clip.embedImage(id, image.bgr());
    }
  }

  private float[] embedText(ModelId id, String text, String field) {
    try {
      return clip.embedText(id, text);
    } catch (ClipTokenizer.TextTooLongException e) {
      throw new InvalidRequestException(
          "InvalidParameterError", "'" + field + "': " + e.getMessage());
    }
  }

  private List<String> texts(Object value, String field) {
    List<String> texts = new ArrayList<>();
    if (value instanceof String s) {
      texts.add(s);
    } else if (value instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw new InvalidRequestException(
              "InvalidParameterError", "'" + field + "' must be a text or a list of texts.");
        }
        texts.add(s);
      }
    } else {
      throw new InvalidRequestException(
          "InvalidParameterError", "'" + field + "' must be a text or a list of texts.");
    }
    bounded(texts.size(), field, "texts");
    return texts;
  }

  private void bounded(int size, String field, String what) {
    if (size < 1 || size > maxBatch) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "'"
              + field
              + "' holds "
              + size
              + " "
              + what
              + "; give between 1 and "
              + maxBatch
              + " (MAX_BATCH_SIZE).");
    }
  }

  private static boolean isImage(Map<?, ?> map) {
    return map.get("type") instanceof String && map.get("value") instanceof String;
  }

  private static String kind(String value, String field, String fallback) {
    String kind = value == null ? fallback : value;
    if (!kind.equals("image") && !kind.equals("text")) {
      throw new InvalidRequestException(
          "InvalidParameterError", "'" + field + "' is '" + kind + "'; it is image or text.");
    }
    return kind;
  }

  private ModelId modelId(String version) {
    String raw = "clip/" + (version == null || version.isBlank() ? DEFAULT_VERSION : version);
    ModelId id = ModelId.parse(aliases.resolve(raw));
    if (!clip.serves(id.dataset()) || id.version() == null) {
      throw new InvalidRequestException(
          "InvalidModelIDError", "'" + version + "' is not a CLIP version id (ViT-B-16 for one).");
    }
    return id;
  }

  private static List<Float> boxed(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return list;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
