package io.jinference.server.inference.decode;

import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.TaskOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Classification (reference §7.2): output {@code [B, C]}. Single-label: softmax of the logits,
 * classes with score {@code >=} the threshold rounded to 4 decimals, most confident first, {@code
 * top} the first of them. Multi-label (MULTICLASS): the scores as the model gives them, every class
 * reported, {@code predicted_classes} those strictly above the threshold.
 */
final class ClassificationHead implements TaskHead {
  private final List<String> names;
  private final boolean multiLabel;

  ClassificationHead(List<String> names, boolean multiLabel) {
    this.names = names;
    this.multiLabel = multiLabel;
  }

  @Override
  public List<Prediction> predict(List<ImageRun> runs, TaskOptions options) {
    float confidence = options.detection().confidence();
    List<Prediction> out = new ArrayList<>(runs.size());
    for (ImageRun run : runs) {
      RawOutputs.Tensor t = run.outputs().get(0);
      int c = t.dim(t.shape.length - 1);
      float[] row = new float[c];
      System.arraycopy(t.data, run.batchIndex() * c, row, 0, c);
      Classification result =
          multiLabel ? multiLabel(row, names, confidence) : singleLabel(row, names, confidence);
      out.add(
          new Prediction.Classes(
              run.transform().originalWidth(), run.transform().originalHeight(), result));
    }
    return out;
  }

  private static Classification singleLabel(float[] logits, List<String> names, float confidence) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      sum += e[i];
    }
    List<Classification.ClassScore> scores = new ArrayList<>();
    for (int i = 0; i < logits.length; i++) {
      double p = e[i] / sum;
      if (p >= confidence) {
        scores.add(
            new Classification.ClassScore(name(names, i), i, Math.round(p * 10000) / 10000.0));
      }
    }
    scores.sort(Comparator.comparingDouble(Classification.ClassScore::confidence).reversed());
    return scores.isEmpty()
        ? new Classification(false, scores, "", 0.0, null)
        : new Classification(
            false, scores, scores.get(0).className(), scores.get(0).confidence(), null);
  }

  private static Classification multiLabel(float[] scores, List<String> names, float confidence) {
    List<Classification.ClassScore> all = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      all.add(new Classification.ClassScore(name(names, i), i, scores[i]));
      if (scores[i] > confidence) {
        predicted.add(name(names, i));
      }
    }
    return new Classification(true, all, null, 0, predicted);
  }

  private static String name(List<String> names, int i) {
    return i < names.size() ? names.get(i) : "class_" + i;
  }
}
