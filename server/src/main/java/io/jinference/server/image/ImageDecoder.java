package io.jinference.server.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.PayloadTooLargeException;
import jakarta.inject.Singleton;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encoded bytes to BGR pixels with OpenCV (libjpeg-turbo, libpng, libwebp). The header is read
 * first: bytes that are not an accepted format, or that claim more than {@code MAX_IMAGE_PIXELS},
 * never reach a decoder.
 */
@Singleton
public final class ImageDecoder {
  private final long maxBytes;
  private final long maxPixels;
  private final PixelWorkers workers;

  public ImageDecoder(Settings settings, PixelWorkers workers) {
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
    this.maxPixels = settings.number(Setting.MAX_IMAGE_PIXELS);
    this.workers = workers;
  }

  /**
   * @param autoOrient apply the EXIF orientation (OpenCV's default for colour reads) or ignore it
   */
  public DecodedImage decode(byte[] bytes, boolean autoOrient) {
    checkLength(bytes.length);
    try (EncodedBytes encoded = EncodedBytes.copyOf(bytes)) {
      return decode(encoded, autoOrient);
    }
  }

  /**
   * Decodes bytes already in native memory (base64 is decoded straight into them) on the pixel
   * workers.
   */
  DecodedImage decode(EncodedBytes bytes, boolean autoOrient) {
    checkLength(bytes.length());
    ImageHeader header = ImageHeader.read(bytes.view());
    if (header == null) {
      String format = ImageHeader.formatOf(bytes.view());
      throw new InputImageLoadException(
          format == null
              ? "Could not decode bytes into image: the data is not a JPEG, PNG, BMP, GIF or WebP image."
              : "Could not decode bytes into image: the "
                  + format
                  + " data is corrupt or truncated.");
    }
    if (header.width() <= 0 || header.height() <= 0) {
      throw new InputImageLoadException(
          "Could not decode bytes into image: the header declares an empty image.");
    }
    if (header.pixels() > maxPixels) {
      throw new PayloadTooLargeException(
          "Image of "
              + header.width()
              + "x"
              + header.height()
              + " pixels is larger than the limit of "
              + maxPixels
              + " pixels (MAX_IMAGE_PIXELS).");
    }
    int flags = autoOrient ? IMREAD_COLOR : IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION;
    bytes.retain(); // the decoding holds the bytes: a caller that stops waiting must not free them
    // under it
    return workers.call(
        () -> {
          try (EncodedBytes held = bytes;
              Mat buffer = new Mat(1, bytes.length(), CV_8UC1, bytes.pointer())) {
            DecodeWorkLimits.check(header, held.view());
            Mat image = imdecode(buffer, flags);
            if (image == null || image.empty()) {
              if (image != null) {
                image.close();
              }
              throw new InputImageLoadException(
                  "Could not decode bytes into image: the "
                      + header.format()
                      + " data is corrupt or truncated.");
            }
            return new DecodedImage(image);
          }
        },
        DecodedImage::close,
        bytes::close);
  }

  /**
   * The limit, checked again here because uploads and files reach the decoder without the loader's
   * checks.
   */
  private void checkLength(long length) {
    if (length == 0) {
      throw new InputImageLoadException("Empty image payload.");
    }
    if (length > maxBytes) {
      throw new PayloadTooLargeException(
          "Image of "
              + length
              + " bytes is larger than the limit of "
              + maxBytes
              + " bytes (MAX_IMAGE_BYTES).");
    }
  }
}
