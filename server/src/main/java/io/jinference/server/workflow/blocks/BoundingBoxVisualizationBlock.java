package io.jinference.server.workflow.blocks;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.visualization.Visualizer;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code roboflow_core/bounding_box_visualization@v1}: the image with the predictions' boxes drawn.
 */
@Singleton
final class BoundingBoxVisualizationBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/bounding_box_visualization@v1", "BoundingBoxVisualization")
          .required("image", Kind.IMAGE)
          .required("predictions", Kind.OBJECT_DETECTION)
          .optional("copy_image", Kind.BOOLEAN, true)
          .optional("color_palette", Kind.STRING, "DEFAULT")
          .optional("thickness", Kind.INTEGER, 2)
          .optional("roundness", Kind.FLOAT, 0.0)
          .output("image", Kind.IMAGE)
          .build();

  private final Visualizer visualizer;

  BoundingBoxVisualizationBlock(Visualizer visualizer) {
    this.visualizer = visualizer;
  }

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("image");
    DecodedImage image = input.image();
    Values.Detections predictions = (Values.Detections) in.get("predictions");
    int thickness = BlockFields.positiveInteger(in, "thickness");
    context.chargePixels((long) image.width() * image.height()); // the annotated copy
    return Map.of(
        "image",
        input.redrawn(
            visualizer.annotate(
                image,
                predictions.detections(),
                null,
                null,
                new Visualizer.Style(true, false, null, null, thickness),
                Map.of())));
  }
}
