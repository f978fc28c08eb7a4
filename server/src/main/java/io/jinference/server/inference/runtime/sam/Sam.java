package io.jinference.server.inference.runtime.sam;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.model.CoreModelUses;
import io.jinference.server.model.ModelId;
import io.jinference.server.model.ModelStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Segment Anything ({@code sam/<version>}, SAM 1 and MobileSAM-style exports): the picture's
 * longest side fitted to the encoder's square and padded, one prompt of raw SAM points and labels,
 * every proposal of the decoder answered (Roboflow's SAM route). Embeddings are kept by {@code
 * image_id} ({@code SAM_MAX_EMBEDDING_CACHE_SIZE}), and so are the last low-resolution logits of
 * each image, for {@code has_mask_input}.
 *
 * <pre>{@code
 * SamEmbedding e = sam.embed(id, "photo", bgr);
 * List<SamMask> masks = sam.segment(id, e, List.of(new float[] {120, 80, 1}), null);
 * }</pre>
 */
@Singleton
public final class Sam extends SegmentAnything {
  private static final List<SamPrompt> LAST = List.of();

  public Sam(ModelStore store, Settings settings, CoreModelUses uses) {
    super(
        "sam",
        "SAM",
        true,
        store,
        settings,
        uses,
        settings.integer(Setting.SAM_MAX_EMBEDDING_CACHE_SIZE),
        settings.integer(Setting.SAM_MAX_EMBEDDING_CACHE_SIZE));
  }

  /**
   * Every proposal of the decoder for the points ({@code x, y, label} in the image's pixels),
   * followed by SAM's padding point as Roboflow's server adds it.
   *
   * @param prior low-resolution logits to start from, or null
   */
  public List<SamMask> segment(
      ModelId id, SamEmbedding embedding, List<float[]> points, float[] prior) {
    List<float[]> row = new ArrayList<>(points);
    row.add(new float[] {0, 0, -1});
    float[][] priors = prior == null ? null : new float[][] {prior};
    // every proposal, as Roboflow's SAM route answers them
    return decode(
            id,
            embedding,
            List.of(row),
            priors,
            scores -> IntStream.range(0, scores.length).toArray())
        .get(0);
  }

  /** Keeps the image's latest low-resolution logits (the first proposal's). */
  public void keepLast(ModelId id, String imageId, List<SamMask> masks) {
    keepLogits(id, imageId, LAST, new float[][] {masks.get(0).lowRes()});
  }

  /** The image's latest low-resolution logits, if kept. */
  public Optional<float[]> last(ModelId id, String imageId) {
    return lastLogits(id, imageId, LAST).map(l -> l[0]);
  }

  @PreDestroy
  @Override
  public void close() {
    super.close();
  }
}
