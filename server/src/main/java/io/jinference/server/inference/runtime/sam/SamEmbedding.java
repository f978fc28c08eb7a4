package io.jinference.server.inference.runtime.sam;

import java.util.Map;

/**
 * An image's Segment Anything features, as the encoder gave them (by output name), and the image's
 * size.
 *
 * <pre>{@code
 * float[] map = embedding.features().get("image_embeddings").values(); // [1, 256, 64, 64]
 * }</pre>
 *
 * @param imageId the id it is kept under
 */
public record SamEmbedding(String imageId, Map<String, Feature> features, int height, int width) {
  /** One output of the encoder. */
  public record Feature(long[] shape, float[] values) {}

  public SamEmbedding {
    features = Map.copyOf(features);
  }
}
