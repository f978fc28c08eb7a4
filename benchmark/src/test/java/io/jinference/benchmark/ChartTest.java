package io.jinference.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
  private static void result(Path dir, String name, double imagesPerSecond) throws Exception {
    Files.writeString(
        dir.resolve(name),
        "{\"benchmark_results\":{\"images_per_second\":"
            + imagesPerSecond
            + ",\"p50_inference_latency_ms\":50,\"p99_inference_latency_ms\":90}}");
  }

  @Test
  void drawsEveryConfigurationFromTheResultFilesAndIgnoresOthers(@TempDir Path dir)
      throws Exception {
    result(dir, "http-intra1-c1.json", 10);
    result(dir, "http-intra1-c4.json", 20);
    result(dir, "in-process-intra1-c1.json", 15);
    Files.writeString(dir.resolve("request.json"), "{\"model_id\":\"x\"}");
    Path png = dir.resolve("chart.png");
    Chart.main(new String[] {dir.toString(), png.toString()});
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1200, image.getWidth());
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        int r = rgb >> 16;
        int b = rgb & 255;
        if (Math.abs(r - b)
            > 80) { // the series' colours, not the black, grey and white of the axes
          coloured++;
        }
      }
    }
    assertTrue(coloured > 100, "lines drawn: " + coloured);
  }
}
