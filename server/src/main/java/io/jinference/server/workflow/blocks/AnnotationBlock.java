package io.jinference.server.workflow.blocks;

import static io.jinference.server.workflow.blocks.BlockFields.nonNegativeInteger;
import static io.jinference.server.workflow.blocks.BlockFields.positiveInteger;
import static io.jinference.server.workflow.blocks.BlockFields.positiveNumber;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.task.Keypoint;
import io.jinference.server.visualization.Position;
import io.jinference.server.visualization.Visualizer;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A visualisation block other than bounding boxes ({@code label_}, {@code polygon_}, {@code
 * keypoint_}, {@code blur_}, {@code crop_visualization}): the common fields {@code image}, {@code
 * predictions}, {@code copy_image}, {@code color_palette} and the block's own, drawn by {@link
 * Visualizer}; output {@code image}. The image is always copied (the input stays as it was, as with
 * {@code copy_image: true}).
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
  record Drawn(
      DecodedImage image,
      Values.Detections predictions,
      List<List<double[]>> keypoints,
      StepContext context) {}

  private final BlockManifest manifest;
  private final Painter painter;

  private AnnotationBlock(BlockManifest manifest, Painter painter) {
    this.manifest = manifest;
    this.painter = painter;
  }

  /** The visualisation blocks, with Roboflow's identifiers, aliases and defaults. */
  static List<Block> all(Visualizer visualizer) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        new AnnotationBlock(
            common(
                    "roboflow_core/label_visualization@v1",
                    "LabelVisualization",
                    Kind.OBJECT_DETECTION)
                .optional("text", Kind.STRING, "Class")
                .optional("text_position", Kind.STRING, "TOP_LEFT")
                .optional("text_color", Kind.STRING, "WHITE")
                .optional("text_scale", Kind.FLOAT, 1.0)
                .optional("text_thickness", Kind.INTEGER, 1)
                .optional("text_padding", Kind.INTEGER, 10)
                .optional("border_radius", Kind.INTEGER, 0)
                .output("image", Kind.IMAGE)
                .build(),
            (in, d) ->
                visualizer.annotate(
                    d.image(),
                    d.predictions().detections(),
                    null,
                    null,
                    new Visualizer.Style(
                        false,
                        false,
                        null,
                        new Visualizer.LabelStyle(
                            labelKind(in.get("text")),
                            position(in, "text_position"),
                            Colors.drawing(in.get("text_color"), "text_color"),
                            positiveNumber(in, "text_scale"),
                            positiveInteger(in, "text_thickness"),
                            padding(in),
                            nonNegativeInteger(in, "border_radius")),
                        1),
                    Map.of())));
    blocks.add(
        new AnnotationBlock(
            common(
                    "roboflow_core/polygon_visualization@v1",
                    "PolygonVisualization",
                    Kind.INSTANCE_SEGMENTATION)
                .optional("thickness", Kind.INTEGER, 2)
                .output("image", Kind.IMAGE)
                .build(),
            (in, d) ->
                visualizer.annotate(
                    d.image(),
                    d.predictions().detections(),
                    d.predictions().polygons(),
                    null,
                    new Visualizer.Style(false, true, null, null, positiveInteger(in, "thickness")),
                    Map.of())));
    blocks.add(
        new AnnotationBlock(
            common(
                    "roboflow_core/keypoint_visualization@v1",
                    "KeypointVisualization",
                    Kind.KEYPOINT_DETECTION)
                .optional("annotator_type", Kind.STRING, "edge")
                .optional("color", Kind.STRING, "#A351FB")
                .optional("text_color", Kind.STRING, "black")
                .optional("text_scale", Kind.FLOAT, 0.5)
                .optional("text_thickness", Kind.INTEGER, 1)
                .optional("text_padding", Kind.INTEGER, 10)
                .optional("thickness", Kind.INTEGER, 2)
                .optional("radius", Kind.INTEGER, 10)
                .optional("edges", Kind.ANY, null)
                .output("image", Kind.IMAGE)
                .build(),
            (in, d) ->
                visualizer.annotate(
                    d.image(),
                    d.predictions().detections(),
                    null,
                    d.keypoints(),
                    new Visualizer.Style(false, false, keypointStyle(in), null, 1),
                    Map.of())));
    blocks.add(
        new AnnotationBlock(
            common(
                    "roboflow_core/blur_visualization@v1",
                    "BlurVisualization",
                    Kind.OBJECT_DETECTION)
                .optional("kernel_size", Kind.INTEGER, 15)
                .output("image", Kind.IMAGE)
                .build(),
            (in, d) ->
                visualizer.blur(
                    d.image(), d.predictions().detections(), positiveInteger(in, "kernel_size"))));
    blocks.add(
        new AnnotationBlock(
            common(
                    "roboflow_core/crop_visualization@v1",
                    "CropVisualization",
                    Kind.OBJECT_DETECTION)
                .optional("position", Kind.STRING, "TOP_CENTER")
                .optional("scale_factor", Kind.FLOAT, 2.0)
                .optional("border_thickness", Kind.INTEGER, 2)
                .output("image", Kind.IMAGE)
                .build(),
            (in, d) ->
                visualizer.crops(
                    d.image(),
                    d.predictions().detections(),
                    position(in, "position"),
                    positiveNumber(in, "scale_factor"),
                    positiveInteger(in, "border_thickness"),
                    Map.of(),
                    d.context()::chargePixels)));
    return blocks;
  }

  /**
   * COCO's keypoint names, in order: a model whose keypoints bear them gets COCO's skeleton by
   * default.
   */
  private static final List<String> COCO_KEYPOINTS =
      List.of(
          "nose",
          "left_eye",
          "right_eye",
          "left_ear",
          "right_ear",
          "left_shoulder",
          "right_shoulder",
          "left_elbow",
          "right_elbow",
          "left_wrist",
          "right_wrist",
          "left_hip",
          "right_hip",
          "left_knee",
          "right_knee",
          "left_ankle",
          "right_ankle");

  private static boolean coco(Values.Detections predictions) {
    return predictions.keypoints() != null
        && predictions.keypoints().stream()
            .flatMap(List::stream)
            .allMatch(
                k ->
                    k.classId() < COCO_KEYPOINTS.size()
                        && COCO_KEYPOINTS.get(k.classId()).equals(k.className()));
  }

  private static Visualizer.KeypointStyle keypointStyle(Map<String, Object> in) {
    String type = String.valueOf(in.get("annotator_type"));
    if (!type.equals("edge") && !type.equals("vertex") && !type.equals("vertex_label")) {
      throw WorkflowException.definition(
          "annotator_type must be 'edge', 'vertex' or 'vertex_label', not '" + type + "'.");
    }
    int[] colour = Colors.drawing(in.get("color"), "color");
    Visualizer.LabelStyle vertexLabels =
        new Visualizer.LabelStyle(
            null,
            Position.CENTER,
            Colors.drawing(in.get("text_color"), "text_color"),
            positiveNumber(in, "text_scale"),
            positiveInteger(in, "text_thickness"),
            padding(in),
            0);
    List<int[]> edges =
        in.get("edges") != null
            ? edges(in.get("edges"))
            : coco((Values.Detections) in.get("predictions"))
                ? Visualizer.COCO_SKELETON
                : List.of();
    return new Visualizer.KeypointStyle(
        type,
        colour,
        positiveInteger(in, "radius"),
        positiveInteger(in, "thickness"),
        edges,
        vertexLabels);
  }

  /** A skeleton: pairs of keypoint numbers counted from 1, as supervision's. */
  private static List<int[]> edges(Object value) {
    List<int[]> edges = new ArrayList<>();
    if (value instanceof List && ((List<?>) value).size() <= 1000) {
      for (Object pair : (List<?>) value) {
        if (pair instanceof List
            && ((List<?>) pair).size() == 2
            && ((List<?>) pair).get(0) instanceof Number
            && ((List<?>) pair).get(1) instanceof Number) {
          edges.add(
              new int[] {
                ((Number) ((List<?>) pair).get(0)).intValue(),
                ((Number) ((List<?>) pair).get(1)).intValue()
              });
        } else {
          edges = null;
          break;
        }
      }
    } else {
      edges = null;
    }
    if (edges == null) {
      throw WorkflowException.definition(
          "edges must be a list of at most 1000 pairs of keypoint numbers (from 1), "
              + "not "
              + value
              + ".");
    }
    return edges;
  }

  private static Position position(Map<String, Object> in, String field) {
    Position p = Position.named(String.valueOf(in.get(field)));
    if (p == null) {
      throw WorkflowException.definition(
          field
              + " must be one of "
              + java.util.Arrays.toString(Position.values())
              + ", not '"
              + in.get(field)
              + "'.");
    }
    return p;
  }

  private static int padding(Map<String, Object> in) {
    return nonNegativeInteger(in, "text_padding");
  }

  private static BlockManifest.Builder common(String identifier, String alias, Kind predictions) {
    return BlockManifest.of(identifier, alias)
        .required("image", Kind.IMAGE)
        .required("predictions", predictions)
        .optional("copy_image", Kind.BOOLEAN, true)
        .optional("color_palette", Kind.STRING, "DEFAULT");
  }

  private static String labelKind(Object text) {
    String t = String.valueOf(text);
    if (!t.equals("Class") && !t.equals("Confidence") && !t.equals("Class and Confidence")) {
      throw WorkflowException.definition(
          "label_visualization text must be 'Class', 'Confidence' or 'Class and "
              + "Confidence', not '"
              + t
              + "'.");
    }
    return t;
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
        keypoints.add(Visualizer.byNumber(points));
      }
    }
    DecodedImage image = ((Values.Image) in.get("image")).image();
    context.chargePixels((long) image.width() * image.height()); // the annotated copy
    DecodedImage drawn = painter.apply(in, new Drawn(image, predictions, keypoints, context));
    return Map.of("image", ((Values.Image) in.get("image")).redrawn(drawn));
  }
}
