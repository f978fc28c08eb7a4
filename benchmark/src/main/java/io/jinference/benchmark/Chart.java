package io.jinference.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws docs/benchmarks.png from the result files of tools/benchmarks/run.sh: images per second
 * (left) and p50 and p99 latency (right) against the number of clients, one line per configuration
 * ({@code http-intra<T>-c<N>.json}, {@code in-process-intra<T>-c<N>.json}). Plain Java 2D, no
 * charting library.
 *
 * <pre>
 * java -cp benchmark/target/jinference-benchmark.jar io.jinference.benchmark.Chart target/benchmarks out.png
 * </pre>
 */
public final class Chart {
  private static final int W = 1200;
  private static final int H = 480;
  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
  };

  private Chart() {}

  /** A configuration's points: clients to {images/s, p50 ms, p99 ms}. */
  private record Series(String name, TreeMap<Integer, double[]> points) {}

  public static void main(String[] args) throws IOException {
    List<Series> series = read(Path.of(args[0]));
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    panel(g, series, 0, "images per second", 0, 60);
    panel(g, series, 1, "p50 (solid) and p99 (dashed) latency, ms", W / 2, 60);
    g.dispose();
    ImageIO.write(image, "png", Path.of(args[1]).toFile());
  }

  private static List<Series> read(Path dir) throws IOException {
    Map<String, Series> byName = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    try (var files = Files.list(dir)) {
      for (Path f :
          files
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches("(http|in-process|onnx)-.*-c[0-9]+\\.json"))
              .sorted()
              .toList()) {
        String name = f.getFileName().toString().replace(".json", "");
        int cut = name.lastIndexOf("-c");
        JsonNode r = json.readTree(f.toFile()).path("benchmark_results");
        byName
            .computeIfAbsent(name.substring(0, cut), n -> new Series(n, new TreeMap<>()))
            .points()
            .put(
                Integer.parseInt(name.substring(cut + 2)),
                new double[] {
                  r.path("images_per_second").asDouble(),
                  r.path("p50_inference_latency_ms").asDouble(),
                  r.path("p99_inference_latency_ms").asDouble()
                });
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static void panel(
      Graphics2D g, List<Series> series, int metric, String title, int x0, int top) {
    int left = x0 + 70;
    int right = x0 + W / 2 - 30;
    int bottom = H - 60;
    double maxY = 0;
    int maxX = 1;
    for (Series s : series) {
      for (Map.Entry<Integer, double[]> p : s.points().entrySet()) {
        maxX = Math.max(maxX, p.getKey());
        maxY = Math.max(maxY, metric == 0 ? p.getValue()[0] : p.getValue()[2]);
      }
    }
    maxY = Math.ceil(maxY * 1.1 / 10) * 10;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, left, top - 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (int i = 0; i <= 5; i++) {
      int y = bottom - (bottom - top) * i / 5;
      g.setColor(new Color(0xdddddd));
      g.drawLine(left + 1, y, right, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format("%.0f", maxY * i / 5), left - 40, y + 4);
    }
    for (int c = 1; c <= maxX; c++) {
      int x = left + (right - left) * (c - 1) / Math.max(1, maxX - 1);
      g.drawString(String.valueOf(c), x - 3, bottom + 18);
    }
    g.drawString("clients", (left + right) / 2 - 20, bottom + 38);
    int legend = top;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      g.setColor(COLOURS[k % COLOURS.length]);
      for (int line = 0; line < (metric == 0 ? 1 : 2); line++) {
        int index = metric == 0 ? 0 : line == 0 ? 1 : 2;
        g.setStroke(
            line == 0
                ? new BasicStroke(2.5f)
                : new BasicStroke(
                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        int px = -1;
        int py = -1;
        for (Map.Entry<Integer, double[]> p : s.points().entrySet()) {
          int x = left + (right - left) * (p.getKey() - 1) / Math.max(1, maxX - 1);
          int y = bottom - (int) ((bottom - top) * p.getValue()[index] / maxY);
          g.fillOval(x - 4, y - 4, 8, 8);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
      }
      g.setStroke(new BasicStroke(1));
      g.drawString(s.name(), right - 170, legend + 14 + 16 * k);
    }
  }
}
