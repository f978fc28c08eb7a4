package io.jinference.server.inference.runtime.sam;

import io.jinference.server.inference.decode.CocoRle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * A mask's logits (above or at 0: the object, SAM's threshold) written the ways Roboflow answers
 * them: polygons, COCO RLE, or NumPy arrays in an {@code .npz} archive.
 *
 * <pre>{@code
 * List<List<int[]>> polygons = SamMasks.polygons(mask.logits(), mask.width(), mask.height());
 * }</pre>
 */
public final class SamMasks {
  private SamMasks() {}

  /**
   * Every outer contour of the mask, each a list of {@code [x, y]} pixels (OpenCV's simple chain,
   * as Roboflow's {@code masks2multipoly}); an empty mask gives one empty polygon.
   */
  public static List<List<int[]>> polygons(float[] logits, int width, int height) {
    byte[] binary = new byte[width * height];
    boolean any = false;
    for (int i = 0; i < binary.length; i++) {
      if (logits[i] >= 0) {
        binary[i] = 1;
        any = true;
      }
    }
    List<List<int[]>> polygons = new ArrayList<>();
    if (!any) {
      polygons.add(List.of());
      return polygons;
    }
    try (BytePointer data = new BytePointer(binary);
        Mat mask = new Mat(height, width, opencv_core.CV_8UC1, data);
        MatVector contours = new MatVector();
        Mat hierarchy = new Mat()) {
      opencv_imgproc.findContours(
          mask,
          contours,
          hierarchy,
          opencv_imgproc.RETR_EXTERNAL,
          opencv_imgproc.CHAIN_APPROX_SIMPLE);
      for (long c = 0; c < contours.size(); c++) {
        Mat contour = contours.get(c);
        int[] xy = new int[contour.rows() * 2];
        try (IntPointer p = new IntPointer(contour.data())) {
          p.get(xy);
        }
        List<int[]> polygon = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
          polygon.add(new int[] {xy[i], xy[i + 1]});
        }
        polygons.add(polygon);
      }
    }
    return polygons;
  }

  /** COCO RLE, {@code {"size": [H, W], "counts": "..."}}, runs counted column by column. */
  public static Map<String, Object> rle(float[] logits, int width, int height) {
    List<Integer> counts = new ArrayList<>();
    boolean current = false;
    int run = 0;
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        boolean on = logits[y * width + x] >= 0;
        if (on != current) {
          counts.add(run);
          run = 0;
          current = on;
        }
        run++;
      }
    }
    counts.add(run);
    return Map.of("size", List.of(height, width), "counts", CocoRle.string(counts));
  }

  /**
   * NumPy's {@code savez_compressed(masks=..., low_res_masks=...)} of the masks' logits: {@code
   * masks} f32[P, H, W] and {@code low_res_masks} f32[P, S, S].
   */
  public static byte[] npz(List<SamMask> masks) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      SamMask first = masks.get(0);
      zip.putNextEntry(new ZipEntry("masks.npy"));
      npyHeader(zip, masks.size(), first.height(), first.width());
      for (SamMask m : masks) {
        floats(zip, m.logits());
      }
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("low_res_masks.npy"));
      npyHeader(zip, masks.size(), first.lowSide(), first.lowSide());
      for (SamMask m : masks) {
        floats(zip, m.lowRes());
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** NPY format 1.0: magic, version, header length, a dict padded with spaces to 64 bytes. */
  private static void npyHeader(ZipOutputStream out, int p, int h, int w) throws IOException {
    String dict =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + p + ", " + h + ", " + w + "), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length());
    out.write(b.array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }

  private static void floats(ZipOutputStream out, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    out.write(b.array());
  }
}
