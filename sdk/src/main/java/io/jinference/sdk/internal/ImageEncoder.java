package io.jinference.sdk.internal;

import io.jinference.sdk.InferenceConnectionException;
import io.jinference.sdk.InvalidInputException;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns {@link ImageData}s into what goes on the wire: base64 text, or a URL for the server to
 * fetch. Images given by URL are downloaded by the SDK (as Roboflow's Python client does) unless
 * the configuration asks the server to fetch them; downloads share the client's timeouts and are
 * capped in size.
 */
public final class ImageEncoder {
  public static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;

  /** What to send for one image, and the factor it was shrunk by (1 when it was not). */
  public static final class Encoded {
    public final String type;
    public final String value;
    public final double scale;

    Encoded(String type, String value) {
      this(type, value, 1);
    }

    Encoded(String type, String value, double scale) {
      this.type = type;
      this.value = value;
      this.scale = scale;
    }
  }

  /**
   * As {@link #encode}, but an image larger than {@code maxWidth x maxHeight} is shrunk first
   * (bilinear, JPEG), as the Python client's downsizing: {@code ratio = min(maxH / h, maxW / w)}
   * when below 1.
   */
  public Encoded encodeDownsized(ImageData image, int maxWidth, int maxHeight) {
    Encoded plain = encode(image, false);
    byte[] bytes =
        Base64.getDecoder()
            .decode(plain.value.replaceFirst("^data:image/[a-zA-Z0-9.+-]+;base64,", ""));
    BufferedImage decoded;
    try {
      decoded = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot decode the image to downsize it: " + e.getMessage(), e);
    }
    if (decoded == null) {
      throw new InvalidInputException(
          "Cannot decode the image to downsize it: not an image ImageIO reads.");
    }
    double ratio =
        Math.min((double) maxHeight / decoded.getHeight(), (double) maxWidth / decoded.getWidth());
    if (ratio >= 1) {
      return plain;
    }
    int w = Math.max(1, (int) Math.round(decoded.getWidth() * ratio));
    int h = Math.max(1, (int) Math.round(decoded.getHeight() * ratio));
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = small.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(decoded, 0, 0, w, h, null);
    g.dispose();
    return new Encoded("base64", Base64.getEncoder().encodeToString(jpeg(small)), ratio);
  }

  private final OkHttpClient http;

  public ImageEncoder(OkHttpClient http) {
    this.http = http;
  }

  /**
   * Runs image work (reading a file, downloading a URL, encoding) on OkHttp's dispatcher threads,
   * never on the thread of an {@code ...Async} call, which gets its future at once; failures
   * complete the future.
   */
  public <T> CompletableFuture<T> offThread(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, http.dispatcher().executorService());
  }

  /** The image as a request carries it, encoded on the dispatcher, never the caller's thread. */
  public CompletableFuture<InferenceRequestImage> requestImage(
      ImageData image, boolean serverFetchesUrls) {
    return offThread(() -> encode(image, serverFetchesUrls))
        .thenApply(e -> new InferenceRequestImage().type(e.type).value(e.value));
  }

  public Encoded encode(ImageData image, boolean serverFetchesUrls) {
    switch (image.kind()) {
      case URL:
        if (serverFetchesUrls) {
          return new Encoded("url", (String) image.value());
        }
        return base64(download((String) image.value()));
      case FILE:
        return base64(read((Path) image.value()));
      case BYTES:
        return base64((byte[]) image.value());
      case BUFFERED:
        return base64(jpeg((BufferedImage) image.value()));
      default:
        return new Encoded("base64", (String) image.value());
    }
  }

  private static Encoded base64(byte[] bytes) {
    return new Encoded("base64", Base64.getEncoder().encodeToString(bytes));
  }

  private static byte[] read(Path path) {
    try {
      if (Files.size(path) > MAX_IMAGE_BYTES) {
        throw new InvalidInputException(
            "Image file " + path + " is larger than " + MAX_IMAGE_BYTES + " bytes.");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read image file " + path + ": " + e.getMessage(), e);
    }
  }

  private static byte[] jpeg(BufferedImage image) {
    BufferedImage rgb = image;
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
        && image.getType() != BufferedImage.TYPE_INT_RGB) {
      rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      rgb.getGraphics().drawImage(image, 0, 0, null);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(rgb, "jpg", out)) {
        throw new InvalidInputException("No JPEG writer available to encode the BufferedImage.");
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot encode the BufferedImage as JPEG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private byte[] download(String url) {
    Request request;
    try {
      request = new Request.Builder().url(url).get().build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("Invalid image URL: " + ApiKeys.maskIn(url), e);
    }
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful()) {
        throw new InvalidInputException(
            "Image URL " + ApiKeys.maskIn(url) + " answered HTTP " + response.code() + ".");
      }
      try (InputStream in = body.byteStream()) {
        byte[] bytes = in.readNBytes((int) MAX_IMAGE_BYTES + 1);
        if (bytes.length > MAX_IMAGE_BYTES) {
          throw new InvalidInputException(
              "Image at " + ApiKeys.maskIn(url) + " is larger than " + MAX_IMAGE_BYTES + " bytes.");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new InferenceConnectionException(
          "Cannot download image " + ApiKeys.maskIn(url) + ": " + e.getMessage(), e);
    }
  }
}
