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
    List<List<int[]>> polygons = contours(logits, width, height, false);
    if (polygons.isEmpty()) {
      polygons.add(List.of());
    }
    return polygons;
  }

  /**
   * Roboflow's {@code mask2poly}: the outer contour with the most points of the mask, or an empty
   * polygon.
   *
   * @param strict the object where logits are above 0 (SAM 1), or at least 0 (SAM 2)
   */
  public static List<int[]> largestPolygon(float[] logits, int width, int height, boolean strict) {
    List<int[]> largest = List.of();
    for (List<int[]> c : contours(logits, width, height, strict)) {
      if (c.size() > largest.size()) {
        largest = c;
      }
    }
    return largest;
  }

  private static List<List<int[]>> contours(float[] logits, int width, int height, boolean strict) {
    byte[] binary = new byte[width * height];
    boolean any = false;
    for (int i = 0; i < binary.length; i++) {
      if (strict ? logits[i] > 0 : logits[i] >= 0) {
        binary[i] = 1;
        any = true;
      }
    }
    List<List<int[]>> polygons = new ArrayList<>();
    if (!any) {
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

  /** NumPy's {@code save} of a float32 array of the given shape. */
  public static byte[] npy(long[] shape, float[] values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      npyHeader(bytes, shape);
      floats(bytes, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The values of a NumPy {@code .npy} of little-endian float32 (or float64) in C order, checked to
   * have {@code shape}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static float[] readNpy(byte[] file, long[] shape) {
    if (file.length < 10
        || (file[0] & 0xff) != 0x93
        || !new String(file, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IllegalArgumentException("not a NumPy .npy file");
    }
    int major = file[6];
    int headerStart = major == 1 ? 10 : 12;
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
    if (headerStart + headerLength > file.length) {
      throw new IllegalArgumentException("a truncated .npy header");
    }
    String header =
        new String(file, headerStart, (int) headerLength, StandardCharsets.US_ASCII)
            .replace(" ", "");
    StringBuilder expected = new StringBuilder("'shape':(");
    for (long d : shape) {
      expected.append(d).append(',');
    }
    String wanted = expected.substring(0, expected.length() - (shape.length > 1 ? 1 : 0)) + ")";
    boolean f32 = header.contains("'descr':'<f4'");
    boolean f64 = header.contains("'descr':'<f8'");
    if (!(f32 || f64) || !header.contains("'fortran_order':False") || !header.contains(wanted)) {
      throw new IllegalArgumentException(
          "the .npy is not float32 of shape " + java.util.Arrays.toString(shape) + ": " + header);
    }
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    int start = headerStart + (int) headerLength;
    if (file.length - start != count * (f32 ? 4 : 8)) {
      throw new IllegalArgumentException("the .npy holds the wrong number of values");
    }
    float[] values = new float[(int) count];
    ByteBuffer data =
        ByteBuffer.wrap(file, start, file.length - start).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      values[i] = f32 ? data.getFloat() : (float) data.getDouble();
    }
    return values;
  }

  private static void npyHeader(java.io.OutputStream out, int p, int h, int w) throws IOException {
    npyHeader(out, new long[] {p, h, w});
  }

  /** NPY format 1.0: magic, version, header length, a dict padded with spaces to 64 bytes. */
  private static void npyHeader(java.io.OutputStream out, long[] shape) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(dims.length() == 0 ? "" : ", ").append(d);
    }
    if (shape.length == 1) {
      dims.append(',');
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length());
    out.write(b.array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }

  private static void floats(java.io.OutputStream out, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    out.write(b.array());
  }
}
