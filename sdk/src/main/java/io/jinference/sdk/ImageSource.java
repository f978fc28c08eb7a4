package io.jinference.sdk;

import io.jinference.sdk.internal.ApiKeys;
import io.jinference.sdk.internal.ImageData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an image comes from, said explicitly: a URL, a local file, encoded bytes, base64 text or a
 * {@link BufferedImage}. Nothing is read until the image is sent.
 *
 * <pre>{@code
 * ObjectDetectionResult a = client.detect(ImageSource.path(Path.of("dog.jpg")), "coco/3");
 * ObjectDetectionResult b = client.detect(ImageSource.url("https://example.com/street.jpg"), "coco/3");
 * }</pre>
 */
public final class ImageSource {
  private final ImageData data;

  private ImageSource(ImageData.Kind kind, Object value) {
    this.data = new ImageData(kind, value);
  }

  /**
   * An {@code http://} or {@code https://} URL. The server fetches it, or the client does when
   * {@link InferenceConfiguration#urlImagesFetchedByServer()} is off.
   *
   * @param url an {@code http} or {@code https} URL
   * @return the URL
   */
  public static ImageSource url(String url) {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new InvalidInputException(
          "Not an http(s) URL: '"
              + ApiKeys.maskIn(url.length() > 80 ? url.substring(0, 80) + "..." : url)
              + "'. Use ImageSource.path, .bytes or .base64 for other images.");
    }
    return new ImageSource(ImageData.Kind.URL, url);
  }

  /**
   * A local image file, read when the image is sent.
   *
   * @param path a local image file
   * @return the path
   */
  public static ImageSource path(Path path) {
    return new ImageSource(ImageData.Kind.FILE, path);
  }

  /**
   * Encoded image bytes (JPEG, PNG, ...), copied.
   *
   * @param encoded the encoded image (JPEG, PNG, ...)
   * @return the bytes
   */
  public static ImageSource bytes(byte[] encoded) {
    return new ImageSource(ImageData.Kind.BYTES, encoded.clone());
  }

  /**
   * Base64 text of an encoded image (a {@code data:image/...;base64,} prefix is allowed).
   *
   * @param base64 an encoded image in base64
   * @return the base64
   */
  public static ImageSource base64(String base64) {
    return new ImageSource(ImageData.Kind.BASE64, base64);
  }

  /**
   * Pixels, encoded as JPEG before sending.
   *
   * @param image the image
   * @return the image, if that output holds one
   */
  public static ImageSource image(BufferedImage image) {
    return new ImageSource(ImageData.Kind.BUFFERED, image);
  }

  /** What the internal encoder reads. */
  ImageData data() {
    return data;
  }

  /** The source without its content: a URL with its API key masked, a size instead of bytes. */
  @Override
  public String toString() {
    return data.toString();
  }
}
