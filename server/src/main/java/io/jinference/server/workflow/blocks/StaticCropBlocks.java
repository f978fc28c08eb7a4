package io.jinference.server.workflow.blocks;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelBox;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import java.util.Map;

/**
 * {@code roboflow_core/absolute_static_crop@v1} (pixels) and {@code
 * roboflow_core/relative_statoic_crop@v1} (Roboflow's spelling; fractions of the image): one crop
 * per image, centred at {@code x_center}, {@code y_center}, of {@code width} by {@code height},
 * clipped to the image. Results on the crop are in its own pixels, and with {@code
 * coordinates_system: parent} in the input image's.
 */
final class StaticCropBlocks {
  private StaticCropBlocks() {}

  /** Crops in pixels. */
  @jakarta.inject.Singleton
  static final class Absolute implements Block {
    private static final BlockManifest MANIFEST =
        cropManifest("roboflow_core/absolute_static_crop@v1", "AbsoluteStaticCrop", Kind.INTEGER);

    @Override
    public BlockManifest manifest() {
      return MANIFEST;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> in, StepContext context) {
      return crop(in, 1, 1, context);
    }
  }

  /** Crops in fractions of the image's width and height. */
  @jakarta.inject.Singleton
  static final class Relative implements Block {
    private static final BlockManifest MANIFEST =
        cropManifest("roboflow_core/relative_statoic_crop@v1", "RelativeStaticCrop", Kind.FLOAT);

    @Override
    public BlockManifest manifest() {
      return MANIFEST;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> in, StepContext context) {
      DecodedImage image = ((Values.Image) in.get("images")).image();
      return crop(in, image.width(), image.height(), context);
    }
  }

  private static BlockManifest cropManifest(String identifier, String alias, Kind units) {
    return BlockManifest.of(identifier, alias)
        .required("images", Kind.IMAGE)
        .required("x_center", units)
        .required("y_center", units)
        .required("width", units)
        .required("height", units)
        .output("crops", Kind.IMAGE)
        .build();
  }

  private static Map<String, Object> crop(
      Map<String, Object> in, double scaleX, double scaleY, Block.StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    DecodedImage image = input.image();
    double x = number(in, "x_center") * scaleX;
    double y = number(in, "y_center") * scaleY;
    double w = number(in, "width") * scaleX;
    double h = number(in, "height") * scaleY;
    PixelBox box = PixelBox.within(image, x - w / 2, y - h / 2, x + w / 2, y + h / 2);
    if (box == null) {
      throw WorkflowException.definition(
          "The static crop centred at ("
              + x
              + ", "
              + y
              + ") of "
              + w
              + " x "
              + h
              + " lies outside the "
              + image.width()
              + " x "
              + image.height()
              + " image.");
    }
    return Map.of("crops", DynamicCropBlock.cut(input, box, context));
  }

  private static double number(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number)
        || ((Number) v).doubleValue() < 0
        || Double.isNaN(((Number) v).doubleValue())) {
      throw WorkflowException.definition(field + " must be a non-negative number, not " + v + ".");
    }
    return ((Number) v).doubleValue();
  }
}
