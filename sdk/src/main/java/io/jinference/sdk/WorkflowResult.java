package io.jinference.sdk;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow's outputs: one map per input image, keyed by the workflow's output names.
 *
 * <pre>{@code
 * WorkflowResult r = client.runWorkflow(request);
 * Object count = r.outputs().get(0).get("count");
 * r.image(0, "visualization").ifPresent(img -> ImageIO.write(img, "jpg", new File("out.jpg")));
 * }</pre>
 */
public final class WorkflowResult {
  private final List<Map<String, Object>> outputs;

  WorkflowResult(List<Map<String, Object>> outputs) {
    this.outputs = Collections.unmodifiableList(outputs);
  }

  /**
   * The workflow's outputs, one map per input image.
   *
   * @return the outputs
   */
  public List<Map<String, Object>> outputs() {
    return outputs;
  }

  /**
   * An image output ({@code {"type": "base64", "value": ...}}) decoded, if that output is one.
   *
   * @param index the position of the workflow's result (one per input image)
   * @param output the workflow output's name
   * @return the image, if that output holds one
   */
  public Optional<BufferedImage> image(int index, String output) {
    Object v = outputs.get(index).get(output);
    if (v instanceof Map
        && "base64".equals(((Map<?, ?>) v).get("type"))
        && ((Map<?, ?>) v).get("value") instanceof String) {
      return Optional.of(
          InferenceResult.decode(
              Base64.getDecoder().decode((String) ((Map<?, ?>) v).get("value"))));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "WorkflowResult" + outputs;
  }
}
