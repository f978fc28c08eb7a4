package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.ImageEncoder;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.ClipCompareRequest;
import io.jinference.sdk.internal.model.ClipCompareResponse;
import io.jinference.sdk.internal.model.ClipEmbeddingResponse;
import io.jinference.sdk.internal.model.ClipImageEmbeddingRequest;
import io.jinference.sdk.internal.model.ClipTextEmbeddingRequest;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.wire.ImageInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * CLIP on the server ({@code /clip/*}, Roboflow's {@code get_clip_image_embeddings}, {@code
 * get_clip_text_embeddings} and {@code clip_compare}): embeddings of images and texts, and the
 * similarity of an image to texts. Immutable; {@link #withVersion(String)} picks another model.
 * Every method has an {@code ...Async} twin that waits on no thread.
 *
 * <pre>{@code
 * List<Double> scores =
 *     client.clip().compare(ImageSource.path(Path.of("pet.jpg")), List.of("a dog", "a cat"));
 * float[] dog = client.clip().withVersion("ViT-B-32").embedTexts(List.of("a dog")).get(0);
 * }</pre>
 */
public final class ClipService {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;
  private final @Nullable String version;

  ClipService(
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
   * The same calls on another CLIP model.
   *
   * @param clipVersion Roboflow's {@code clip_version_id}, {@code ViT-B-16} (the server's default)
   *     or {@code ViT-B-32} for example
   * @return the calls on that model
   */
  public ClipService withVersion(String clipVersion) {
    return new ClipService(
        transport, images, configuration, apiKey, Objects.requireNonNull(clipVersion));
  }

  /**
   * {@code POST /clip/embed_image}: the embedding of one image.
   *
   * @param image the image
   * @return the model's embedding, as it gives it (not normalised)
   */
  public float[] embedImage(ImageSource image) {
    return Calls.await(embedImageAsync(image));
  }

  /**
   * Like {@link #embedImage(ImageSource)}, without blocking the caller.
   *
   * @param image the image
   * @return a future of the embedding, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<float[]> embedImageAsync(ImageSource image) {
    return encoded(image)
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.clip.clipEmbedImage(
                        new ClipImageEmbeddingRequest()
                            .apiKey(apiKey)
                            .clipVersionId(version)
                            .image(ImageInput.single(e)),
                        null /* key in the body */),
                    "POST /clip/embed_image"))
        .thenApply(r -> embeddings(r).get(0));
  }

  /**
   * {@code POST /clip/embed_text}: the embeddings of texts (each at most 75 CLIP tokens).
   *
   * @param texts the texts, at most the server's {@code MAX_BATCH_SIZE}
   * @return one embedding per text, in order
   */
  public List<float[]> embedTexts(List<String> texts) {
    return Calls.await(embedTextsAsync(texts));
  }

  /**
   * Like {@link #embedTexts(List)}, without blocking the caller.
   *
   * @param texts the texts
   * @return a future of the embeddings, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<float[]>> embedTextsAsync(List<String> texts) {
    ClipTextEmbeddingRequest request =
        new ClipTextEmbeddingRequest()
            .apiKey(apiKey)
            .clipVersionId(version)
            .text(List.copyOf(texts));
    return transport
        .calls
        .enqueue(transport.clip.clipEmbedText(request, null), "POST /clip/embed_text")
        .thenApply(ClipService::embeddings);
  }

  /**
   * {@code POST /clip/compare}: the cosine similarity of an image to each text.
   *
   * @param subject the image
   * @param prompts the texts, at most the server's {@code MAX_BATCH_SIZE}
   * @return one similarity in [-1, 1] per text, in order
   */
  public List<Double> compare(ImageSource subject, List<String> prompts) {
    return Calls.await(compareAsync(subject, prompts));
  }

  /**
   * Like {@link #compare(ImageSource, List)}, without blocking the caller.
   *
   * @param subject the image
   * @param prompts the texts
   * @return a future of the similarities, failed with an {@link InferenceException} if the call
   *     fails
   */
  public CompletableFuture<List<Double>> compareAsync(ImageSource subject, List<String> prompts) {
    List<String> texts = List.copyOf(prompts);
    return encoded(subject)
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.clip.clipCompare(
                        new ClipCompareRequest()
                            .apiKey(apiKey)
                            .clipVersionId(version)
                            .subject(Map.of("type", e.getType(), "value", e.getValue()))
                            .subjectType("image")
                            .prompt(texts)
                            .promptType("text"),
                        null),
                    "POST /clip/compare"))
        .thenApply(ClipService::similarities);
  }

  private CompletableFuture<InferenceRequestImage> encoded(ImageSource image) {
    Objects.requireNonNull(image, "image");
    return images.requestImage(image.data(), configuration.urlImagesFetchedByServer());
  }

  private static List<float[]> embeddings(ClipEmbeddingResponse answer) {
    List<float[]> out = new ArrayList<>();
    for (List<Float> e : answer.getEmbeddings()) {
      float[] values = new float[e.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = e.get(i);
      }
      out.add(values);
    }
    if (out.isEmpty()) {
      throw new InferenceException("The server answered no embedding.");
    }
    return List.copyOf(out);
  }

  private static List<Double> similarities(ClipCompareResponse answer) {
    if (!(answer.getSimilarity() instanceof List<?>)) {
      throw new InferenceException("The server's similarity is not a list: " + answer);
    }
    List<Double> out = new ArrayList<>();
    for (Object o : (List<?>) answer.getSimilarity()) {
      out.add(((Number) o).doubleValue());
    }
    return List.copyOf(out);
  }
}
