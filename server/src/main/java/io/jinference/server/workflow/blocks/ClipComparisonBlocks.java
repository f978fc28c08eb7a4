package io.jinference.server.workflow.blocks;

import io.jinference.server.error.ApiException;
import io.jinference.server.inference.runtime.clip.Clip;
import io.jinference.server.inference.runtime.clip.ClipTokenizer;
import io.jinference.server.inference.task.Classification;
import io.jinference.server.model.ModelId;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's CLIP comparison blocks: the cosine similarity of each image (or crop) to each text, as
 * the route {@code /clip/compare} computes it, on {@code clip/<version>} (its files in the model
 * store). {@code parent_id} and {@code root_parent_id} are declared and null: this engine does not
 * name images (docs/compatibility.md).
 */
final class ClipComparisonBlocks {
  private ClipComparisonBlocks() {}

  /** {@code roboflow_core/clip_comparison@v1}: {@code similarity}, one number per text. */
  @Singleton
  static final class V1 implements Block {
    private static final BlockManifest MANIFEST =
        BlockManifest.of("roboflow_core/clip_comparison@v1")
            .required("images", Kind.IMAGE)
            .required("texts", Kind.LIST)
            .output("similarity", Kind.LIST)
            .output("parent_id", Kind.STRING)
            .output("root_parent_id", Kind.STRING)
            .output("prediction_type", Kind.STRING)
            .build();

    private final Clip clip;

    V1(Clip clip) {
      this.clip = clip;
    }

    @Override
    public BlockManifest manifest() {
      return MANIFEST;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> in, StepContext context) {
      List<Double> similarity = compare(clip, in, "texts", "ViT-B-16");
      Map<String, Object> out = new HashMap<>();
      out.put("similarity", similarity);
      out.put("parent_id", null);
      out.put("root_parent_id", null);
      out.put("prediction_type", "classification");
      return out;
    }
  }

  /**
   * {@code roboflow_core/clip_comparison@v2}: the similarities, the most and least similar class,
   * and a classification prediction of every class with its similarity as confidence.
   */
  @Singleton
  static final class V2 implements Block {
    private static final BlockManifest MANIFEST =
        BlockManifest.of("roboflow_core/clip_comparison@v2")
            .required("images", Kind.IMAGE)
            .required("classes", Kind.LIST)
            .optional("version", Kind.STRING, "ViT-B-16")
            .output("similarities", Kind.LIST)
            .output("max_similarity", Kind.FLOAT)
            .output("most_similar_class", Kind.STRING)
            .output("min_similarity", Kind.FLOAT)
            .output("least_similar_class", Kind.STRING)
            .output("classification_predictions", Kind.CLASSIFICATION)
            .output("parent_id", Kind.STRING)
            .output("root_parent_id", Kind.STRING)
            .build();

    private final Clip clip;

    V2(Clip clip) {
      this.clip = clip;
    }

    @Override
    public BlockManifest manifest() {
      return MANIFEST;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> in, StepContext context) {
      List<String> classes = texts(in.get("classes"), "classes");
      List<Double> similarities = compare(clip, in, "classes", String.valueOf(in.get("version")));
      int max = 0;
      int min = 0;
      List<Classification.ClassScore> scores = new ArrayList<>();
      for (int i = 0; i < similarities.size(); i++) {
        max = similarities.get(i) > similarities.get(max) ? i : max;
        min = similarities.get(i) < similarities.get(min) ? i : min;
        scores.add(new Classification.ClassScore(classes.get(i), i, similarities.get(i)));
      }
      Values.Image image = (Values.Image) in.get("images");
      Map<String, Object> out = new HashMap<>();
      out.put("similarities", similarities);
      out.put("max_similarity", similarities.get(max));
      out.put("most_similar_class", classes.get(max));
      out.put("min_similarity", similarities.get(min));
      out.put("least_similar_class", classes.get(min));
      out.put(
          "classification_predictions",
          new Values.Classes(
              image.image().width(),
              image.image().height(),
              new Classification(
                  false, scores, classes.get(max), similarities.get(max), List.of())));
      out.put("parent_id", null);
      out.put("root_parent_id", null);
      return out;
    }
  }

  /** The image's similarity to each text of {@code field}, on {@code clip/<version>}. */
  static List<Double> compare(Clip clip, Map<String, Object> in, String field, String version) {
    List<String> texts = texts(in.get(field), field);
    ModelId id;
    try {
      id = ModelId.parse("clip/" + version);
    } catch (ApiException e) {
      throw WorkflowException.runtimeInput("version: " + e.getMessage());
    }
    Values.Image image = (Values.Image) in.get("images");
    try {
      return clip.similarities(id, image.image().bgr(), texts);
    } catch (ClipTokenizer.TextTooLongException e) {
      throw WorkflowException.runtimeInput(field + ": " + e.getMessage());
    }
  }

  private static List<String> texts(Object value, String field) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw WorkflowException.runtimeInput(field + " is a non-empty list of texts.");
    }
    List<String> texts = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw WorkflowException.runtimeInput(field + " holds " + o + ", not a text.");
      }
      texts.add(s);
    }
    return texts;
  }
}
