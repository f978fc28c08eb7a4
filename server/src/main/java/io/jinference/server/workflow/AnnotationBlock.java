package io.jinference.server.workflow;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Keypoint;
import io.jinference.server.visualization.Visualizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A visualisation block other than bounding boxes ({@code label_}, {@code polygon_}, {@code keypoint_},
 * {@code blur_}, {@code crop_visualization}): the common fields {@code image}, {@code predictions}, {@code copy_image},
 * {@code color_palette} and the block's own, drawn by {@link Visualizer}; output {@code image}. The image is
 * always copied (the input stays as it was, as with {@code copy_image: true}).
 */
final class AnnotationBlock implements Block {
  /** Draws one annotation: the step's resolved fields and the detections give a new image. */
  interface Painter extends BiFunction<Map<String, Object>, Drawn, DecodedImage> {}

  /**
   * What to draw on.
   *
   * @param image the input image
   * @param predictions the detections
   * @param keypoints each detection's keypoints as {@code [x, y]}, or null
   */
  record Drawn(DecodedImage image, Values.Detections predictions, List<List<double[]>> keypoints) {}

  private final BlockManifest manifest;
  private final Painter painter;

  private AnnotationBlock(BlockManifest manifest, Painter painter) {
    this.manifest = manifest;
    this.painter = painter;
  }

  /** The visualisation blocks, with Roboflow's identifiers, aliases and defaults. */
  static List<Block> all(Visualizer visualizer) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new AnnotationBlock(common("roboflow_core/label_visualization@v1", "LabelVisualization",
            Kind.OBJECT_DETECTION)
        .optional("text", Kind.STRING, "Class").optional("text_position", Kind.STRING, "TOP_LEFT")
        .optional("text_color", Kind.STRING, "WHITE").optional("text_scale", Kind.FLOAT, 1.0)
        .optional("text_thickness", Kind.INTEGER, 1).optional("text_padding", Kind.INTEGER, 10)
        .optional("border_radius", Kind.INTEGER, 0).output("image", Kind.IMAGE).build(),
        (in, d) -> visualizer.annotate(d.image(), d.predictions().detections(), null, null,
            new Visualizer.Style(false, false, false, labelKind(in.get("text")), 1, 1), Map.of())));
    blocks.add(new AnnotationBlock(common("roboflow_core/polygon_visualization@v1", "PolygonVisualization",
            Kind.INSTANCE_SEGMENTATION)
        .optional("thickness", Kind.INTEGER, 2).output("image", Kind.IMAGE).build(),
        (in, d) -> visualizer.annotate(d.image(), d.predictions().detections(), d.predictions().polygons(), null,
            new Visualizer.Style(false, true, false, null, integer(in, "thickness"), 1), Map.of())));
    blocks.add(new AnnotationBlock(common("roboflow_core/keypoint_visualization@v1", "KeypointVisualization",
            Kind.KEYPOINT_DETECTION)
        .optional("annotator_type", Kind.STRING, "edge").optional("color", Kind.STRING, "#A351FB")
        .optional("text_color", Kind.STRING, "black").optional("text_scale", Kind.FLOAT, 0.5)
        .optional("text_thickness", Kind.INTEGER, 1).optional("text_padding", Kind.INTEGER, 10)
        .optional("thickness", Kind.INTEGER, 2).optional("radius", Kind.INTEGER, 10)
        .optional("edges", Kind.ANY, null).output("image", Kind.IMAGE).build(),
        (in, d) -> visualizer.annotate(d.image(), d.predictions().detections(), null, d.keypoints(),
            new Visualizer.Style(false, false, true, null, integer(in, "thickness"), integer(in, "radius")),
            Map.of())));
    blocks.add(new AnnotationBlock(common("roboflow_core/blur_visualization@v1", "BlurVisualization",
            Kind.OBJECT_DETECTION)
        .optional("kernel_size", Kind.INTEGER, 15).output("image", Kind.IMAGE).build(),
        (in, d) -> visualizer.blur(d.image(), d.predictions().detections(), integer(in, "kernel_size"))));
    blocks.add(new AnnotationBlock(common("roboflow_core/crop_visualization@v1", "CropVisualization",
            Kind.OBJECT_DETECTION)
        .optional("position", Kind.STRING, "TOP_CENTER").optional("scale_factor", Kind.FLOAT, 2.0)
        .optional("border_thickness", Kind.INTEGER, 2).output("image", Kind.IMAGE).build(),
        (in, d) -> visualizer.cropsAbove(d.image(), d.predictions().detections(), positiveNumber(in, "scale_factor"),
            integer(in, "border_thickness"), Map.of())));
    return blocks;
  }

  private static double positiveNumber(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number) || !(((Number) v).doubleValue() > 0)) {
      throw WorkflowException.definition(field + " must be a positive number, not " + v + ".");
    }
    return ((Number) v).doubleValue();
  }

  private static BlockManifest.Builder common(String identifier, String alias, Kind predictions) {
    return BlockManifest.of(identifier, alias).required("image", Kind.IMAGE).required("predictions", predictions)
        .optional("copy_image", Kind.BOOLEAN, true).optional("color_palette", Kind.STRING, "DEFAULT");
  }

  private static String labelKind(Object text) {
    String t = String.valueOf(text);
    if (!t.equals("Class") && !t.equals("Confidence") && !t.equals("Class and Confidence")) {
      throw WorkflowException.definition("label_visualization text must be 'Class', 'Confidence' or 'Class and "
          + "Confidence', not '" + t + "'.");
    }
    return t;
  }

  private static int integer(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number) || ((Number) v).intValue() < 1) {
      throw WorkflowException.definition(field + " must be a positive integer, not " + v + ".");
    }
    return ((Number) v).intValue();
  }

  @Override
  public BlockManifest manifest() {
    return manifest;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Detections predictions = (Values.Detections) in.get("predictions");
    List<List<double[]>> keypoints = null;
    if (predictions.keypoints() != null) {
      keypoints = new ArrayList<>();
      for (List<Keypoint> points : predictions.keypoints()) {
        List<double[]> xy = new ArrayList<>();
        points.forEach(k -> xy.add(new double[] {k.x(), k.y()}));
        keypoints.add(xy);
      }
    }
    DecodedImage drawn = painter.apply(in, new Drawn(((Values.Image) in.get("image")).image(), predictions,
        keypoints));
    return Map.of("image", ((Values.Image) in.get("image")).redrawn(drawn));
  }
}
