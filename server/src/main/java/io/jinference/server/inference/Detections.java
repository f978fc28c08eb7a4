package io.jinference.server.inference;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps every detector-style task shares: run the images, decode, NMS (or the NMS-free selection), and keep
 * the class filter. Segmentation and keypoints continue from the kept candidates.
 */
final class Detections {
  private Detections() {}

  /**
   * Kept candidates of one image.
   *
   * @param run the image's run (outputs and transform)
   * @param kept candidates after NMS and the class filter, most confident first
   */
  record PerImage(OnnxModel.ImageRun run, List<Candidate> kept) {}

  static OnnxModel require(LoadedModel model, String task) {
    OnnxModel m = (OnnxModel) model;
    if (!m.family().taskType().equals(task)) {
      throw new TaskMismatchException(model.modelPackage().id().toString(), m.family().taskType(), task);
    }
    return m;
  }

  static List<PerImage> run(OnnxModel model, List<DecodedImage> images, DetectionParams p, PreprocessFlags flags) {
    List<PerImage> out = new ArrayList<>(images.size());
    for (OnnxModel.ImageRun run : model.run(images, flags)) {
      OutputDecoder decoder = model.decoder();
      List<Candidate> candidates = decoder.decode(run.outputs(), run.batchIndex(), p.confidence(), p.maxDetections());
      List<Candidate> kept = decoder.nmsFree() ? Nms.top(candidates, p.maxDetections())
          : Nms.apply(candidates, p.confidence(), p.iouThreshold(), p.classAgnostic(), p.maxDetections());
      if (p.classFilter() != null) {
        List<Candidate> filtered = new ArrayList<>();
        for (Candidate c : kept) {
          if (p.classFilter().contains(model.className(c.classId()))) {
            filtered.add(c);
          }
        }
        kept = filtered;
      }
      out.add(new PerImage(run, kept));
    }
    return out;
  }

  static Detection toDetection(OnnxModel model, InputTransform t, Candidate c) {
    double[] box = t.box(c.x1(), c.y1(), c.x2(), c.y2());
    return new Detection(box[0], box[1], box[2], box[3], c.confidence(), c.classConfidence(), c.classId(),
        model.className(c.classId()));
  }
}
