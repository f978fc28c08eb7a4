package io.jinference.sdk;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image to send: a URL, a local file, encoded bytes, a {@link BufferedImage} or base64 text.
 *
 * <pre>{@code
 * List<ObjectDetectionResult> results = client.infer(List.of(
 *     InferenceImage.file(Path.of("dog.jpg")),
 *     InferenceImage.url("https://example.com/street.jpg")), "coco-nanodet/1");
 * }</pre>
 */
public final class InferenceImage {
  enum Kind { URL, FILE, BYTES, BUFFERED, BASE64 }

  private final Kind kind;
  private final Object value;

  private InferenceImage(Kind kind, Object value) {
    this.kind = kind;
    this.value = Objects.requireNonNull(value, "image");
  }

  /** An {@code http://} or {@code https://} URL. */
  public static InferenceImage url(String url) {
    return new InferenceImage(Kind.URL, url);
  }

  public static InferenceImage file(Path path) {
    return new InferenceImage(Kind.FILE, path);
  }

  /** Encoded image bytes (JPEG, PNG, ...). */
  public static InferenceImage bytes(byte[] encoded) {
    return new InferenceImage(Kind.BYTES, encoded.clone());
  }

  /** Encoded as JPEG before sending. */
  public static InferenceImage of(BufferedImage image) {
    return new InferenceImage(Kind.BUFFERED, image);
  }

  /** Base64 text of an encoded image (a {@code data:image/...;base64,} prefix is allowed). */
  public static InferenceImage base64(String base64) {
    return new InferenceImage(Kind.BASE64, base64);
  }

  /**
   * As Roboflow's Python client reads a string: an {@code http(s)://} URL, else a path to an existing file,
   * else base64 text.
   */
  public static InferenceImage fromString(String urlPathOrBase64) {
    String s = Objects.requireNonNull(urlPathOrBase64, "image");
    if (s.startsWith("http://") || s.startsWith("https://")) {
      return url(s);
    }
    try {
      Path p = Path.of(s);
      if (java.nio.file.Files.isRegularFile(p)) {
        return file(p);
      }
    } catch (java.nio.file.InvalidPathException notAPath) {
      // fall through: base64
    }
    return base64(s);
  }

  Kind kind() {
    return kind;
  }

  Object value() {
    return value;
  }

  @Override
  public String toString() {
    switch (kind) {
      case URL: return "InferenceImage[url=" + value + "]";
      case FILE: return "InferenceImage[file=" + value + "]";
      case BYTES: return "InferenceImage[" + ((byte[]) value).length + " bytes]";
      case BUFFERED: return "InferenceImage[BufferedImage]";
      default: return "InferenceImage[base64]";
    }
  }
}
