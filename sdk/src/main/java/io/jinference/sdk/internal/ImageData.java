package io.jinference.sdk.internal;

import java.util.Objects;

/**
 * What an {@link io.jinference.sdk.ImageSource} holds, in the form the internal encoder reads; the
 * public type keeps its kind and value to itself.
 */
public final class ImageData {
  /** Where the image comes from. */
  public enum Kind {
    URL,
    FILE,
    BYTES,
    BUFFERED,
    BASE64
  }

  private final Kind kind;
  private final Object value;

  /**
   * @param value a URL or base64 string, a {@code Path}, {@code byte[]} or {@code BufferedImage}
   */
  public ImageData(Kind kind, Object value) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.value = Objects.requireNonNull(value, "image");
  }

  public Kind kind() {
    return kind;
  }

  public Object value() {
    return value;
  }

  /** The source without its content: URLs with their API key masked, sizes instead of bytes. */
  @Override
  public String toString() {
    switch (kind) {
      case URL:
        return "ImageSource[url=" + ApiKeys.maskIn(value.toString()) + "]";
      case FILE:
        return "ImageSource[path=" + value + "]";
      case BYTES:
        return "ImageSource[" + ((byte[]) value).length + " bytes]";
      case BUFFERED:
        return "ImageSource[BufferedImage]";
      default:
        return "ImageSource[base64]";
    }
  }
}
