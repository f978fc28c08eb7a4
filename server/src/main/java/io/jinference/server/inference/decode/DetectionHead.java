package io.jinference.server.inference.decode;

import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Object detection: decode, NMS, back-project. */
final class DetectionHead implements TaskHead {
  private final OutputDecoder decoder;
  private final IntFunction<String> className;

  DetectionHead(OutputDecoder decoder, IntFunction<String> className) {
    this.decoder = decoder;
    this.className = className;
  }

  @Override
  public List<Prediction> predict(List<ImageRun> runs, TaskOptions options) {
    List<Prediction> out = new ArrayList<>(runs.size());
    for (ImageRun run : runs) {
      List<Candidate> kept = Candidates.kept(decoder, run, options.detection(), className);
      List<Detection> list = new ArrayList<>(kept.size());
      for (Candidate c : kept) {
        list.add(Candidates.toDetection(run.transform(), c, className));
      }
      InputTransform t = run.transform();
      out.add(new Prediction.Detections(t.originalWidth(), t.originalHeight(), list));
    }
    return out;
  }
}
