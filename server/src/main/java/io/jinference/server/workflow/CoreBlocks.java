package io.jinference.server.workflow;

import io.jinference.server.inference.Classifier;
import io.jinference.server.inference.InstanceSegmenter;
import io.jinference.server.inference.KeypointDetector;
import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.model.ModelManager;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The model blocks, one per Roboflow identifier: versions that differ only in defaults share a class; the legacy
 * aliases belong to v1.
 */
@Factory
final class CoreBlocks {
  /** The model blocks as one bean, so the registry sees each of them. */
  record ModelBlocks(List<Block> blocks) {}

  /** The visualisation blocks other than bounding boxes, as one bean. */
  record VisualizationBlocks(List<Block> blocks) {}

  @Singleton
  VisualizationBlocks visualizationBlocks(io.jinference.server.visualization.Visualizer visualizer) {
    return new VisualizationBlocks(AnnotationBlock.all(visualizer));
  }

  @Singleton
  ModelBlocks modelBlocks(ModelManager models, ObjectDetector detector, InstanceSegmenter segmenter,
      KeypointDetector keypoints, Classifier classifier) {
    ModelBlock.Engines engines = new ModelBlock.Engines(models, detector, segmenter, keypoints, classifier);
    List<Block> blocks = new ArrayList<>();
    add(blocks, engines, ModelBlock.Task.OBJECT_DETECTION, 3, "RoboflowObjectDetectionModel", "ObjectDetectionModel");
    add(blocks, engines, ModelBlock.Task.INSTANCE_SEGMENTATION, 4, "RoboflowInstanceSegmentationModel",
        "InstanceSegmentationModel");
    add(blocks, engines, ModelBlock.Task.KEYPOINT_DETECTION, 3, "KeypointsDetectionModel");
    add(blocks, engines, ModelBlock.Task.CLASSIFICATION, 3, "RoboflowClassificationModel", "ClassificationModel");
    add(blocks, engines, ModelBlock.Task.MULTI_LABEL_CLASSIFICATION, 3, "MultiLabelClassificationModel");
    return new ModelBlocks(List.copyOf(blocks));
  }

  private static void add(List<Block> blocks, ModelBlock.Engines engines, ModelBlock.Task task, int versions,
      String... v1Aliases) {
    for (int v = 1; v <= versions; v++) {
      blocks.add(new ModelBlock(task, "v" + v, v == 1 ? List.of(v1Aliases) : List.of(), engines));
    }
  }
}
