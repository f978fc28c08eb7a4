package io.jinference.examples;

import io.jinference.sdk.Detection;
import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ObjectDetectionResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Detects objects in a photo and draws their boxes and labels with Java2D, saving a PNG.
 *
 * <pre>
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.mainClass=io.jinference.examples.DrawDetections \
 *     -Dexec.args="http://localhost:9001 dog.jpg dog-boxes.png"
 * </pre>
 */
public final class DrawDetections {
  private DrawDetections() {}

  public static void main(String[] args) {
    run(args[0], Path.of(args[1]), Path.of(args[2]), "coco-nanodet/1");
  }

  /**
   * @return the detections drawn
   */
  static ObjectDetectionResult run(String serverUrl, Path photo, Path output, String modelId) {
    try (InferenceHTTPClient client =
        new InferenceHTTPClient(serverUrl, null)
            .withConfiguration(
                InferenceConfiguration.builder().confidenceThreshold(0.3f).build())) {
      BufferedImage image = ImageIO.read(photo.toFile());
      ObjectDetectionResult result = client.detect(ImageSource.image(image), modelId);
      Graphics2D g = image.createGraphics();
      g.setStroke(new BasicStroke(3));
      for (Detection d : result.predictions()) {
        g.setColor(Color.MAGENTA);
        g.drawRect((int) d.left(), (int) d.top(), (int) d.width(), (int) d.height());
        g.drawString(
            d.className() + String.format(" %.2f", d.confidence()),
            (int) d.left() + 4,
            (int) d.top() + 14);
      }
      g.dispose();
      ImageIO.write(image, "png", output.toFile());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
