package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.PayloadTooLargeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image reference into pixels, with Roboflow's image types, flags and error messages (reference §4):
 * base64 (with or without a data-URL prefix), URL, local file, raw request bodies and uploads. NumPy (pickle)
 * inputs are always refused: unpickling runs code.
 */
@Singleton
public final class ImageLoader {
  private static final Pattern DATA_URL_PREFIX = Pattern.compile("data:image/[a-zA-Z0-9.+-]+;base64,");

  private final ImageDecoder decoder;
  private final ImageFetcher fetcher;
  private final boolean allowFiles;
  private final boolean allowNumpy;
  private final long maxBytes;

  public ImageLoader(ImageDecoder decoder, ImageFetcher fetcher, Settings settings) {
    this.decoder = decoder;
    this.fetcher = fetcher;
    this.allowFiles = settings.flag(Setting.ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM);
    this.allowNumpy = settings.flag(Setting.ALLOW_NUMPY_INPUT);
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
  }

  public DecodedImage load(ImageReference ref, boolean autoOrient) {
    String type = ref.type() == null ? "" : ref.type().toLowerCase(Locale.ROOT);
    if (type.equals("base64")) {
      try (EncodedBytes bytes = base64(requireValue(ref))) {
        return decoder.decode(bytes, autoOrient);
      }
    }
    return decoder.decode(bytesOf(type, ref), autoOrient);
  }

  /** The encoded bytes a reference of another type than base64 points to (checked against the policies). */
  private byte[] bytesOf(String type, ImageReference ref) {
    switch (type) {
      case "url":
        return fetcher.fetch(requireValue(ref));
      case "file":
        return file(requireValue(ref));
      case "numpy":
      case "numpy_object":
        throw numpyRefused();
      case "multipart":
        throw new InputImageLoadException(
            "Images of type 'multipart' must be uploaded as multipart/form-data in a part named 'file'.");
      default:
        throw new InputImageLoadException("Image declaration contains not recognised image type.");
    }
  }

  /**
   * A raw request body that should hold base64 text (the legacy route). Raw JPEG/PNG bytes are refused with
   * guidance, as Roboflow does since its fix for that common client mistake.
   */
  public DecodedImage loadBase64Body(byte[] body, boolean autoOrient) {
    if (body == null || body.length == 0) {
      throw new InputImageLoadException("Image not found in request body.");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw rawBytes();
    }
    try (EncodedBytes bytes = base64(text)) {
      return decoder.decode(bytes, autoOrient);
    }
  }

  /** Uploaded file bytes (multipart part {@code file}). */
  public DecodedImage loadUpload(byte[] bytes, boolean autoOrient) {
    return decoder.decode(bytes, autoOrient);
  }

  private static String requireValue(ImageReference ref) {
    if (ref.value() == null || ref.value().isEmpty()) {
      throw new InputImageLoadException("Empty image payload.");
    }
    return ref.value();
  }

  /** Decodes base64 text (after an optional data-URL prefix) straight into native memory for the decoder. */
  private EncodedBytes base64(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    Matcher prefix = DATA_URL_PREFIX.matcher(text).region(from, to);
    if (prefix.lookingAt()) {
      from = prefix.end();
    }
    long length = Base64Decoding.decodedLength(text, from, to);
    if (length == 0) {
      throw new InputImageLoadException(text.substring(from).isBlank() ? "Empty image payload."
          : "Malformed base64 input image.");
    }
    if (length > maxBytes) {
      throw new PayloadTooLargeException(
          "Image is larger than the limit of " + maxBytes + " bytes (MAX_IMAGE_BYTES).");
    }
    EncodedBytes bytes = EncodedBytes.allocate((int) length);
    try {
      Base64Decoding.decode(text, from, to, bytes.view());
      return bytes;
    } catch (Base64Decoding.MalformedException e) {
      bytes.close();
      throw new InputImageLoadException("Malformed base64 input image.");
    }
  }

  private byte[] file(String path) {
    if (!allowFiles) {
      throw new InputImageLoadException("Loading images from local filesystem is disabled.");
    }
    Path p = Path.of(path);
    try {
      if (Files.size(p) > maxBytes) {
        throw new PayloadTooLargeException(
            "Image file is larger than the limit of " + maxBytes + " bytes (MAX_IMAGE_BYTES).");
      }
      try (InputStream in = Files.newInputStream(p)) {
        return in.readNBytes((int) maxBytes + 1);
      }
    } catch (NoSuchFileException e) {
      throw new InputImageLoadException("Image file does not exist.");
    } catch (IOException e) {
      throw new InputImageLoadException("Image file could not be read.");
    }
  }

  private InputImageLoadException numpyRefused() {
    return new InputImageLoadException(allowNumpy
        ? "NumPy image type is not supported by this server: unpickling payloads can run code. Send base64 or URL."
        : "NumPy image type is not supported in this configuration of `inference`.");
  }

  private static InputImageLoadException rawBytes() {
    return new InputImageLoadException("Invalid base64 input: the image payload contains raw bytes instead of a "
        + "base64-encoded string. Encode the image with base64, or upload it as multipart/form-data part 'file'.");
  }
}
