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

/**
 * Segment Anything 2 ({@code sam2/<version>}): the picture stretched to the encoder's square,
 * prompts of boxes and points, and of the decoder's proposals for each prompt the one Roboflow's
 * server answers. Embeddings are kept by {@code image_id} ({@code SAM2_MAX_EMBEDDING_CACHE_SIZE}),
 * and the low-resolution logits of answered prompts on request ({@code
 * SAM2_MAX_LOGITS_CACHE_SIZE}).
 *
 * <pre>{@code
 * SamEmbedding e = sam2.embed(id, null, bgr);
 * List<SamMask> masks = sam2.segment(id, e, prompts, true, null);
 * }</pre>
 */
@Singleton
public final class Sam2 extends SegmentAnything {
  public Sam2(ModelStore store, Settings settings, CoreModelUses uses) {
    super(
        "sam2",
        "SAM 2",
        false,
        store,
        settings,
        uses,
        settings.integer(Setting.SAM2_MAX_EMBEDDING_CACHE_SIZE),
        settings.integer(Setting.SAM2_MAX_LOGITS_CACHE_SIZE));
  }

  /**
   * One mask per prompt (one for the whole picture when there are none): the most confident of the
   * decoder's proposals (with {@code multimask}, of its three; otherwise its single mask).
   *
   * @param prior low-resolution logits to start from, one per prompt, or null
   */
  public List<SamMask> segment(
      ModelId id,
      SamEmbedding embedding,
      List<SamPrompt> prompts,
      boolean multimask,
      float[][] prior) {
    List<List<float[]>> rows = new ArrayList<>();
    for (SamPrompt p : prompts.isEmpty() ? List.of(new SamPrompt(null, List.of())) : prompts) {
      rows.add(row(p));
    }
    List<SamMask> chosen = new ArrayList<>();
    for (List<SamMask> kept :
        decode(
            id,
            embedding,
            rows,
            prior,
            scores -> new int[] {choose(scores, 0, scores.length, multimask)})) {
      chosen.add(kept.get(0));
    }
    return chosen;
  }

  /** A box's corners first (labels 2 and 3), then the points; SAM's padding point without a box. */
  private static List<float[]> row(SamPrompt p) {
    List<float[]> points = new ArrayList<>();
    double[] box = p.box();
    if (box != null) {
      points.add(new float[] {(float) box[0], (float) box[1], 2});
      points.add(new float[] {(float) box[2], (float) box[3], 3});
    }
    for (SamPrompt.Point q : p.points()) {
      points.add(new float[] {(float) q.x(), (float) q.y(), q.positive() ? 1 : 0});
    }
    if (box == null) {
      points.add(new float[] {0, 0, -1});
    }
    return points;
  }

  /** Keeps the answer's low-resolution logits for a later prompt set that extends this one. */
  public void keepLogits(ModelId id, String imageId, List<SamPrompt> prompts, List<SamMask> masks) {
    keepLogits(id, imageId, prompts, masks.stream().map(SamMask::lowRes).toArray(float[][]::new));
  }

  /**
   * SAM's choice: of four proposals the first is the single-mask answer and the other three the
   * multimask ones; of those, the most confident (Roboflow's). A decoder that gives another count
   * answers its most confident.
   */
  static int choose(float[] scores, int from, int m, boolean multimask) {
    if (m == 4 && !multimask) {
      return 0;
    }
    int start = m == 4 ? 1 : 0;
    int best = start;
    for (int k = start; k < m; k++) {
      if (scores[from + k] > scores[from + best]) {
        best = k;
      }
    }
    return best;
  }

  @PreDestroy
  @Override
  public void close() {
    super.close();
  }
}
