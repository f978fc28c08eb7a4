package io.jinference.server.workflow.blocks;

import io.jinference.server.error.ApiException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.runtime.depth.DepthAnything;
import io.jinference.server.inference.runtime.depth.DepthMaps;
import io.jinference.server.model.ModelId;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code roboflow_core/depth_estimation@v1}: each image's depth map by the Depth Anything model
 * {@code model_version} names (default {@code depth-anything-v2/small}, its ONNX file in the model
 * store), as the route {@code /infer/depth-estimation} computes it: {@code normalized_depth} (rows,
 * 1 nearest, 0 farthest) and {@code image}, the map in viridis colours.
 */
@Singleton
final class DepthEstimationBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/depth_estimation@v1")
          .required("images", Kind.IMAGE)
          .optional("model_version", Kind.STRING, "depth-anything-v2/small")
          .output("image", Kind.IMAGE)
          .output("normalized_depth", Kind.NUMPY_ARRAY)
          .build();

  private final DepthAnything depth;

  DepthEstimationBlock(DepthAnything depth) {
    this.depth = depth;
  }

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    String version = String.valueOf(in.get("model_version"));
    ModelId id;
    try {
      id = ModelId.parse(version);
    } catch (ApiException e) {
      throw WorkflowException.runtimeInput("model_version: " + e.getMessage());
    }
    if (!depth.serves(id.dataset()) || id.version() == null) {
      throw WorkflowException.runtimeInput(
          "model_version "
              + version
              + " is not a depth model: depth-anything-v2/<version> or depth-anything-v3/<version>.");
    }
    DecodedImage image = input.image();
    float[] map = depth.estimate(id, image.bgr());
    Map<String, Object> out = new HashMap<>();
    out.put("normalized_depth", DepthMaps.rows(map, image.width(), image.height()));
    out.put(
        "image",
        input.redrawn(DecodedImage.ofBgr(DepthMaps.viridis(map, image.width(), image.height()))));
    return out;
  }
}
