package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.ImageEncoder;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.Sam2Box;
import io.jinference.sdk.internal.model.Sam2EmbeddingRequest;
import io.jinference.sdk.internal.model.Sam2Point;
import io.jinference.sdk.internal.model.Sam2Prompt;
import io.jinference.sdk.internal.model.Sam2PromptSet;
import io.jinference.sdk.internal.model.Sam2SegmentationPrediction;
import io.jinference.sdk.internal.model.Sam2SegmentationRequest;
import io.jinference.sdk.internal.model.Sam2SegmentationResponse;
import io.jinference.sdk.internal.wire.ImageInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * SAM 2 on the server ({@code /sam2/*}, Roboflow's {@code sam2_segment_image}): masks from box and
 * point prompts, and image embeddings the server keeps by id so later prompts on the same image
 * skip the encoder. Immutable; {@link #withVersion(String)} picks another model, {@link
 * #withSingleMask()} asks for the decoder's single mask instead of the best of three. Every method
 * has an {@code ...Async} twin that waits on no thread.
 *
 * <pre>{@code
 * String id = client.sam2().embedImage(ImageSource.path(Path.of("pets.jpg")), "pets");
 * List<SamMask> masks =
 *     client.sam2().segment(id, List.of(SamPrompt.builder().positive(120, 80).build()));
 * }</pre>
 */
public final class Sam2Service {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;
  private final @Nullable String version;
  private final boolean multimask;

  Sam2Service(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey,
      @Nullable String version,
      boolean multimask) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
    this.version = version;
    this.multimask = multimask;
  }

  /**
   * The same calls on another SAM 2 model.
   *
   * @param sam2Version Roboflow's {@code sam2_version_id}: {@code hiera_large} (the server's
   *     default), {@code hiera_tiny}, ...
   * @return the calls on that model
   */
  public Sam2Service withVersion(String sam2Version) {
    return new Sam2Service(
        transport, images, configuration, apiKey, Objects.requireNonNull(sam2Version), multimask);
  }

  /**
   * The same calls asking for the decoder's single mask per prompt ({@code multimask_output:
   * false}), which suits prompts of several points or a box.
   *
   * @return the calls with single masks
   */
  public Sam2Service withSingleMask() {
    return new Sam2Service(transport, images, configuration, apiKey, version, false);
  }

  /**
   * {@code POST /sam2/embed_image}: embeds the image and has the server keep the embedding.
   *
   * @param image the image
   * @param imageId the id to keep it under, or null for one the server makes from the pixels
   * @return the id to pass to {@link #segment(String, List)}
   */
  public String embedImage(ImageSource image, @Nullable String imageId) {
    return Calls.await(embedImageAsync(image, imageId));
  }

  /**
   * Like {@link #embedImage(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param imageId the id, or null
   * @return a future of the id, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<String> embedImageAsync(ImageSource image, @Nullable String imageId) {
    Objects.requireNonNull(image, "image");
    return images
        .requestImage(image.data(), configuration.urlImagesFetchedByServer())
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.sam2.sam2EmbedImage(
                        new Sam2EmbeddingRequest()
                            .apiKey(apiKey)
                            .sam2VersionId(version)
                            .imageId(imageId)
                            .image(ImageInput.single(e)),
                        null),
                    "POST /sam2/embed_image"))
        .thenApply(r -> r.getImageId());
  }

  /**
   * {@code POST /sam2/segment_image}: one mask per prompt, in order.
   *
   * @param image the image
   * @param prompts the objects (none: one mask of the whole picture), at most the server's {@code
   *     SAM_MAX_PROMPTS}
   * @return one mask per prompt
   */
  public List<SamMask> segment(ImageSource image, List<SamPrompt> prompts) {
    return Calls.await(segmentAsync(image, prompts));
  }

  /**
   * Like {@link #segment(ImageSource, List)}, on an image embedded before.
   *
   * @param imageId the id {@link #embedImage(ImageSource, String)} answered (a 400 {@link
   *     BadRequestException} once the server no longer keeps it)
   * @param prompts the objects
   * @return one mask per prompt
   */
  public List<SamMask> segment(String imageId, List<SamPrompt> prompts) {
    return Calls.await(segmentAsync(imageId, prompts));
  }

  /**
   * Like {@link #segment(ImageSource, List)}, without blocking the caller.
   *
   * @param image the image
   * @param prompts the objects
   * @return a future of the masks, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<SamMask>> segmentAsync(ImageSource image, List<SamPrompt> prompts) {
    Objects.requireNonNull(image, "image");
    Sam2SegmentationRequest request = request(prompts);
    return images
        .requestImage(image.data(), configuration.urlImagesFetchedByServer())
        .thenCompose(e -> send(request.image(ImageInput.single(e))));
  }

  /**
   * Like {@link #segment(String, List)}, without blocking the caller.
   *
   * @param imageId the id of an embedded image
   * @param prompts the objects
   * @return a future of the masks, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<SamMask>> segmentAsync(String imageId, List<SamPrompt> prompts) {
    return send(request(prompts).imageId(Objects.requireNonNull(imageId, "imageId")));
  }

  private Sam2SegmentationRequest request(List<SamPrompt> prompts) {
    List<Sam2Prompt> wire = new ArrayList<>();
    for (SamPrompt p : prompts) {
      Sam2Prompt w = new Sam2Prompt();
      SamPrompt.Box b = p.box();
      if (b != null) {
        w.box(new Sam2Box().x(b.x()).y(b.y()).width(b.width()).height(b.height()));
      }
      if (!p.points().isEmpty()) {
        w.points(
            p.points().stream()
                .map(q -> new Sam2Point().x(q.x()).y(q.y()).positive(q.positive()))
                .collect(Collectors.toList()));
      }
      wire.add(w);
    }
    return new Sam2SegmentationRequest()
        .apiKey(apiKey)
        .sam2VersionId(version)
        .multimaskOutput(multimask)
        .format("json")
        .prompts(new Sam2PromptSet().prompts(wire));
  }

  private CompletableFuture<List<SamMask>> send(Sam2SegmentationRequest request) {
    return transport
        .calls
        .enqueue(transport.sam2.sam2SegmentImage(request, null), "POST /sam2/segment_image")
        .thenApply(Sam2Service::masks);
  }

  private static List<SamMask> masks(Sam2SegmentationResponse answer) {
    List<SamMask> out = new ArrayList<>();
    for (Sam2SegmentationPrediction p : answer.getPredictions()) {
      if (!(p.getMasks() instanceof List<?>)) {
        throw new InferenceException("The server's mask is not a list of polygons: " + p);
      }
      List<List<Point>> outline = new ArrayList<>();
      for (Object polygon : (List<?>) p.getMasks()) {
        List<Point> points = new ArrayList<>();
        for (Object xy : (List<?>) polygon) {
          List<?> pair = (List<?>) xy;
          points.add(
              new Point(
                  ((Number) pair.get(0)).doubleValue(), ((Number) pair.get(1)).doubleValue()));
        }
        if (!points.isEmpty()) {
          outline.add(points);
        }
      }
      out.add(new SamMask(outline, p.getConfidence()));
    }
    return List.copyOf(out);
  }
}
