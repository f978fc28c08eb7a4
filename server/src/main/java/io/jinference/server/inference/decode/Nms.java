package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Roboflow's NMS, reproduced exactly (reference §7.3, {@code w_np_non_max_suppression}): keep
 * candidates with confidence {@code >=} the threshold, run Malisiewicz's fast NMS per class (or
 * over all when class-agnostic) where the overlap is the intersection divided by the <em>other</em>
 * box's area with the +1 pixel convention, then sort by confidence and keep {@code maxDetections}.
 */
final class Nms {
  private Nms() {}

  static List<Candidate> apply(
      List<Candidate> candidates,
      float confidence,
      float iouThreshold,
      boolean classAgnostic,
      int maxDetections) {
    List<Candidate> eligible = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.confidence() >= confidence) {
        eligible.add(c);
      }
    }
    List<Candidate> kept = new ArrayList<>();
    if (classAgnostic) {
      kept.addAll(suppress(eligible, iouThreshold));
    } else {
      TreeMap<Integer, List<Candidate>> byClass = new TreeMap<>();
      for (Candidate c : eligible) {
        byClass.computeIfAbsent(c.classId(), x -> new ArrayList<>()).add(c);
      }
      for (List<Candidate> group : byClass.values()) {
        kept.addAll(suppress(group, iouThreshold));
      }
    }
    return top(kept, maxDetections);
  }

  /** Sorted by confidence, most confident first, at most {@code max}. */
  static List<Candidate> top(List<Candidate> candidates, int max) {
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble((Candidate c) -> c.confidence()).reversed());
    return sorted.size() > max ? new ArrayList<>(sorted.subList(0, Math.max(0, max))) : sorted;
  }

  /**
   * {@code non_max_suppression_fast}: repeatedly keep the most confident box, drop those it
   * overlaps.
   */
  private static List<Candidate> suppress(List<Candidate> boxes, float threshold) {
    // ascending confidence; the last element is picked each round
    List<Candidate> idxs = new ArrayList<>(boxes);
    idxs.sort(Comparator.comparingDouble(Candidate::confidence));
    List<Candidate> pick = new ArrayList<>();
    while (!idxs.isEmpty()) {
      int last = idxs.size() - 1;
      Candidate i = idxs.get(last);
      pick.add(i);
      List<Candidate> rest = new ArrayList<>(last);
      for (int j = 0; j < last; j++) {
        Candidate o = idxs.get(j);
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
