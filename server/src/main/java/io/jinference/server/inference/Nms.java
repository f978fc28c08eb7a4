package io.jinference.server.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Roboflow's NMS, reproduced exactly (reference §7.3, {@code w_np_non_max_suppression}): keep rows with
 * confidence {@code >=} the threshold, take each row's best class, run Malisiewicz's fast NMS per class (or over
 * all rows when class-agnostic) where the overlap is the intersection divided by the <em>other</em> box's area
 * with the +1 pixel convention, then sort by confidence and keep {@code maxDetections}.
 */
final class Nms {
  private Nms() {}

  /**
   * A kept candidate.
   *
   * @param x1 left, input pixels
   * @param y1 top
   * @param x2 right
   * @param y2 bottom
   * @param confidence column 4 of the row
   * @param classConfidence the best class score
   * @param classId the best class
   */
  record Kept(float x1, float y1, float x2, float y2, float confidence, float classConfidence, int classId) {}

  static List<Kept> apply(List<float[]> rows, float confidence, float iouThreshold, boolean classAgnostic,
      int maxDetections) {
    List<Kept> candidates = new ArrayList<>();
    for (float[] r : rows) {
      if (r[4] < confidence) {
        continue;
      }
      int best = 0;
      for (int c = 1; c < r.length - 5; c++) {
        if (r[5 + c] > r[5 + best]) {
          best = c;
        }
      }
      candidates.add(new Kept(r[0], r[1], r[2], r[3], r[4], r.length > 5 ? r[5 + best] : r[4], best));
    }
    List<Kept> kept = new ArrayList<>();
    if (classAgnostic) {
      kept.addAll(suppress(candidates, iouThreshold));
    } else {
      TreeMap<Integer, List<Kept>> byClass = new TreeMap<>();
      for (Kept k : candidates) {
        byClass.computeIfAbsent(k.classId(), x -> new ArrayList<>()).add(k);
      }
      for (List<Kept> group : byClass.values()) {
        kept.addAll(suppress(group, iouThreshold));
      }
    }
    kept.sort(Comparator.comparingDouble((Kept k) -> k.confidence()).reversed());
    return kept.size() > maxDetections ? new ArrayList<>(kept.subList(0, Math.max(0, maxDetections))) : kept;
  }

  /** {@code non_max_suppression_fast}: repeatedly keep the most confident box, drop those it overlaps. */
  private static List<Kept> suppress(List<Kept> boxes, float threshold) {
    // idxs sorted by ascending confidence; the last element is picked each round
    List<Kept> idxs = new ArrayList<>(boxes);
    idxs.sort(Comparator.comparingDouble(Kept::confidence));
    List<Kept> pick = new ArrayList<>();
    while (!idxs.isEmpty()) {
      int last = idxs.size() - 1;
      Kept i = idxs.get(last);
      pick.add(i);
      List<Kept> rest = new ArrayList<>(last);
      for (int j = 0; j < last; j++) {
        Kept o = idxs.get(j);
        double w = Math.max(0, Math.min(i.x2(), o.x2()) - Math.max(i.x1(), o.x1()) + 1);
        double h = Math.max(0, Math.min(i.y2(), o.y2()) - Math.max(i.y1(), o.y1()) + 1);
        double area = (double) (o.x2() - o.x1() + 1) * (o.y2() - o.y1() + 1);
        if (!(w * h / area > threshold)) {
          rest.add(o);
        }
      }
      idxs = rest;
    }
    return pick;
  }
}
