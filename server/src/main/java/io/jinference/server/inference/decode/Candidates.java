package io.jinference.server.inference.decode;

import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.DetectionParams;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The steps every detector-style task shares: decode, NMS (or the NMS-free selection), and keep the
 * class filter. Segmentation and keypoints continue from the kept candidates.
 */
final class Candidates {
  private Candidates() {}

  /** The image's candidates after NMS and the class filter, most confident first. */
  static List<Candidate> kept(
      OutputDecoder decoder, ImageRun run, DetectionParams p, IntFunction<String> className) {
    List<Candidate> candidates =
        decoder.decode(run.outputs(), run.batchIndex(), p.confidence(), p.maxDetections());
    List<Candidate> kept =
        decoder.nmsFree()
            ? Nms.top(candidates, p.maxDetections())
            : Nms.apply(
                candidates, p.confidence(), p.iouThreshold(), p.classAgnostic(), p.maxDetections());
    if (p.classFilter() == null) {
      return kept;
    }
    List<Candidate> filtered = new ArrayList<>();
    for (Candidate c : kept) {
      if (p.classFilter().contains(className.apply(c.classId()))) {
        filtered.add(c);
      }
    }
    return filtered;
  }

  static Detection toDetection(InputTransform t, Candidate c, IntFunction<String> className) {
    double[] box = t.box(c.x1(), c.y1(), c.x2(), c.y2());
    return new Detection(
        box[0],
        box[1],
        box[2],
        box[3],
        c.confidence(),
        c.classConfidence(),
        c.classId(),
        className.apply(c.classId()));
  }
}
