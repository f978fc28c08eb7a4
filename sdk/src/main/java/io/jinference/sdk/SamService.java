package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.ImageEncoder;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.SamEmbeddingRequest;
import io.jinference.sdk.internal.model.SamEmbeddingResponse;
import io.jinference.sdk.internal.model.SamSegmentationRequest;
import io.jinference.sdk.internal.model.SamSegmentationResponse;
import io.jinference.sdk.internal.wire.ImageInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Segment Anything (SAM 1 and MobileSAM-style models) on the server ({@code /sam/*}): the decoder's
 * masks for one prompt, and image embeddings the server keeps by id. Immutable; {@link
 * #withVersion(String)} picks another model. Every method has an {@code ...Async} twin that waits
 * on no thread.
 *
 * <pre>{@code
 * float[] embedding = client.sam().embedImage(ImageSource.path(Path.of("pets.jpg")), "pets");
 * List<SamMask> masks =
 *     client.sam().segment("pets", SamPrompt.builder().box(320, 240, 200, 150).build());
 * }</pre>
 */
public final class SamService {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;
  private final @Nullable String version;

  SamService(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey,
      @Nullable String version) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
    this.version = version;
  }

  /**
   * The same calls on another SAM model.
   *
   * @param samVersion Roboflow's {@code sam_version_id}: {@code vit_h} (the server's default),
   *     {@code vit_b}, ...
   * @return the calls on that model
   */
  public SamService withVersion(String samVersion) {
    return new SamService(
        transport, images, configuration, apiKey, Objects.requireNonNull(samVersion));
  }

  /**
   * {@code POST /sam/embed_image}: the image's embedding, which the server also keeps.
   *
   * @param image the image
   * @param imageId the id the server keeps it under, for {@link #segment(String, SamPrompt)}; or
   *     null to keep nothing
   * @return the embedding, flattened in C order (256 x 64 x 64 numbers for SAM)
   */
  public float[] embedImage(ImageSource image, @Nullable String imageId) {
    return Calls.await(embedImageAsync(image, imageId));
  }

  /**
   * Like {@link #embedImage(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param imageId the id, or null
   * @return a future of the embedding, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<float[]> embedImageAsync(ImageSource image, @Nullable String imageId) {
    Objects.requireNonNull(image, "image");
    return images
        .requestImage(image.data(), configuration.urlImagesFetchedByServer())
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.sam.samEmbedImage(
                        new SamEmbeddingRequest()
                            .apiKey(apiKey)
                            .samVersionId(version)
                            .imageId(imageId)
                            .image(ImageInput.single(e)),
                        null),
                    "POST /sam/embed_image"))
        .thenApply(SamService::flat);
  }

  /**
   * {@code POST /sam/segment_image}: every mask the decoder gives for the prompt (SAM's usual
   * exports give one), each as its largest outline.
   *
   * @param image the image
   * @param prompt the object: its box (sent as SAM's corner points) and points
   * @return the masks
   */
  public List<SamMask> segment(ImageSource image, SamPrompt prompt) {
    return Calls.await(segmentAsync(image, prompt));
  }

  /**
   * Like {@link #segment(ImageSource, SamPrompt)}, on an image embedded before.
   *
   * @param imageId the id given to {@link #embedImage(ImageSource, String)} (a 400 {@link
   *     BadRequestException} once the server no longer keeps it)
   * @param prompt the object
   * @return the masks
   */
  public List<SamMask> segment(String imageId, SamPrompt prompt) {
    return Calls.await(segmentAsync(imageId, prompt));
  }

  /**
   * Like {@link #segment(ImageSource, SamPrompt)}, without blocking the caller.
   *
   * @param image the image
   * @param prompt the object
   * @return a future of the masks, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<SamMask>> segmentAsync(ImageSource image, SamPrompt prompt) {
    Objects.requireNonNull(image, "image");
    SamSegmentationRequest request = request(prompt);
    return images
        .requestImage(image.data(), configuration.urlImagesFetchedByServer())
        .thenCompose(e -> send(request.image(ImageInput.single(e))));
  }

  /**
   * Like {@link #segment(String, SamPrompt)}, without blocking the caller.
   *
   * @param imageId the id of an embedded image
   * @param prompt the object
   * @return a future of the masks, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<SamMask>> segmentAsync(String imageId, SamPrompt prompt) {
    return send(request(prompt).imageId(Objects.requireNonNull(imageId, "imageId")));
  }

  /** SAM's points: a box's corners (labels 2 and 3), then the points (1 on, 0 off). */
  private SamSegmentationRequest request(SamPrompt prompt) {
    List<List<Double>> coords = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    SamPrompt.Box b = prompt.box();
    if (b != null) {
      coords.add(List.of(b.x() - b.width() / 2, b.y() - b.height() / 2));
      labels.add(2.0);
      coords.add(List.of(b.x() + b.width() / 2, b.y() + b.height() / 2));
      labels.add(3.0);
    }
    for (SamPrompt.PromptPoint p : prompt.points()) {
      coords.add(List.of(p.x(), p.y()));
      labels.add(p.positive() ? 1.0 : 0.0);
    }
    return new SamSegmentationRequest()
        .apiKey(apiKey)
        .samVersionId(version)
        .pointCoords(coords)
        .pointLabels(labels)
        .format("json");
  }

  private CompletableFuture<List<SamMask>> send(SamSegmentationRequest request) {
    return transport
        .calls
        .enqueue(transport.sam.samSegmentImage(request, null), "POST /sam/segment_image")
        .thenApply(SamService::masks);
  }

  private static List<SamMask> masks(SamSegmentationResponse answer) {
    List<SamMask> out = new ArrayList<>();
    for (List<List<Double>> polygon : answer.getMasks()) {
      List<Point> points =
          polygon.stream().map(xy -> new Point(xy.get(0), xy.get(1))).collect(Collectors.toList());
      // SAM's route answers no confidence
      out.add(new SamMask(points.isEmpty() ? List.of() : List.of(points), Double.NaN));
    }
    return List.copyOf(out);
  }

  private static float[] flat(SamEmbeddingResponse answer) {
    List<Float> values = new ArrayList<>();
    collect(answer.getEmbeddings(), values);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void collect(@Nullable Object o, List<Float> into) {
    if (o instanceof Number) {
      into.add(((Number) o).floatValue());
    } else if (o instanceof List<?>) {
      for (Object child : (List<?>) o) {
        collect(child, into);
      }
    } else {
      throw new InferenceException("The server's embedding is not nested numbers.");
    }
  }
}
