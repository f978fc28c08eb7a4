package io.jinference.server.workflow.blocks;

import io.jinference.server.model.ModelManager;
import io.jinference.server.workflow.engine.Block;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The model blocks, one per Roboflow identifier: versions that differ only in defaults share a
 * class; the legacy aliases belong to v1.
 */
@Factory
final class CoreBlocks {
  /** The model blocks as one bean, so the registry sees each of them. */
  record ModelBlocks(List<Block> blocks) implements Block.Group {}

  /** The visualisation blocks other than bounding boxes, as one bean. */
  record VisualizationBlocks(List<Block> blocks) implements Block.Group {}

  @Singleton
  VisualizationBlocks visualizationBlocks(
      io.jinference.server.visualization.Visualizer visualizer) {
    return new VisualizationBlocks(AnnotationBlock.all(visualizer));
  }

  @Singleton
  ModelBlocks modelBlocks(ModelManager models) {
    List<Block> blocks = new ArrayList<>();
    add(
        blocks,
        models,
        ModelBlock.Family.OBJECT_DETECTION,
        3,
        "RoboflowObjectDetectionModel",
        "ObjectDetectionModel");
    add(
        blocks,
        models,
        ModelBlock.Family.INSTANCE_SEGMENTATION,
        4,
        "RoboflowInstanceSegmentationModel",
        "InstanceSegmentationModel");
    add(blocks, models, ModelBlock.Family.KEYPOINT_DETECTION, 3, "KeypointsDetectionModel");
    add(
        blocks,
        models,
        ModelBlock.Family.CLASSIFICATION,
        3,
        "RoboflowClassificationModel",
        "ClassificationModel");
    add(
        blocks,
        models,
        ModelBlock.Family.MULTI_LABEL_CLASSIFICATION,
        3,
        "MultiLabelClassificationModel");
    return new ModelBlocks(List.copyOf(blocks));
  }

  private static void add(
      List<Block> blocks,
      ModelManager models,
      ModelBlock.Family family,
      int versions,
      String... v1Aliases) {
    for (int v = 1; v <= versions; v++) {
      blocks.add(new ModelBlock(family, "v" + v, v == 1 ? List.of(v1Aliases) : List.of(), models));
    }
  }
}
