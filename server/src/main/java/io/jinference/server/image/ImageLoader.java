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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image reference into pixels, with Roboflow's image types, flags and error messages
 * (reference §4): base64 (with or without a data-URL prefix), URL, local file, raw request bodies
 * and uploads. NumPy (pickle) inputs are always refused: unpickling runs code.
 */
@Singleton
public final class ImageLoader {
  private static final Pattern DATA_URL_PREFIX =
      Pattern.compile("data:image/[a-zA-Z0-9.+-]+;base64,");

  private final ImageDecoder decoder;
  private final ImageFetcher fetcher;
  private final boolean allowFiles;
  private final boolean allowNumpy;
  private final long maxBytes;
  private final java.util.List<Path> fileRoots;

  public ImageLoader(ImageDecoder decoder, ImageFetcher fetcher, Settings settings) {
    this.decoder = decoder;
    this.fetcher = fetcher;
    this.allowFiles = settings.flag(Setting.ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM);
    this.allowNumpy = settings.flag(Setting.ALLOW_NUMPY_INPUT);
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
    this.fileRoots = new java.util.ArrayList<>();
    for (String root : settings.ids(Setting.LOCAL_IMAGE_ROOTS)) {
      try {
        fileRoots.add(Path.of(root).toRealPath());
      } catch (IOException | java.nio.file.InvalidPathException e) {
        throw new io.jinference.server.config.InvalidSettingException(
            Setting.LOCAL_IMAGE_ROOTS, root, "existing folders");
      }
    }
  }

  /**
   * A new deadline for the image downloads of one request: give the same one to each of its images.
   */
  public Deadline downloadDeadline() {
    return fetcher.requestDeadline();
  }

  /**
   * Fetches (where needed) and decodes one image of a request.
   *
   * @param downloads the request's download deadline ({@link #downloadDeadline()}), shared by all
   *     its URL images
   */
  public DecodedImage load(ImageSource source, boolean autoOrient, Deadline downloads) {
    if (source instanceof ImageSource.Upload) {
      return loadUpload(((ImageSource.Upload) source).bytes(), autoOrient);
    }
    if (source instanceof ImageSource.Base64Body) {
      return loadBase64Body(((ImageSource.Base64Body) source).body(), autoOrient);
    }
    return load(((ImageSource.Reference) source).reference(), autoOrient, downloads);
  }

  /**
   * @param downloads the request's download deadline ({@link #downloadDeadline()}), shared by all
   *     its URL images; null for a new one
   */
  public DecodedImage load(ImageReference ref, boolean autoOrient, Deadline downloads) {
    String type = ref.type() == null ? "" : ref.type().toLowerCase(Locale.ROOT);
    if (type.equals("base64")) {
      try (EncodedBytes bytes = base64(requireValue(ref))) {
        return decodeBase64(bytes, autoOrient);
      }
    }
    return decoder.decode(bytesOf(type, ref, downloads), autoOrient);
  }

  /**
   * The encoded bytes a reference of another type than base64 points to (checked against the
   * policies).
   */
  private byte[] bytesOf(String type, ImageReference ref, Deadline downloads) {
    switch (type) {
      case "url":
        return fetcher.fetch(
            requireValue(ref), downloads == null ? fetcher.requestDeadline() : downloads);
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
   * A raw request body that should hold base64 text (the legacy route). Raw JPEG/PNG bytes are
   * refused with guidance, as Roboflow does since its fix for that common client mistake.
   */
  public DecodedImage loadBase64Body(byte[] body, boolean autoOrient) {
    if (body == null || body.length == 0) {
      throw new InputImageLoadException(
          "Empty image payload."); // Roboflow 1.8.3's words for an empty body
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw rawBytes();
    }
    try (EncodedBytes bytes = base64(text)) {
      return decodeBase64(bytes, autoOrient);
    }
  }

  /** Decoded base64 that is no image at all is, in Roboflow's words, malformed base64. */
  private DecodedImage decodeBase64(EncodedBytes bytes, boolean autoOrient) {
    if (ImageHeader.formatOf(bytes.view()) == null) {
      throw new InputImageLoadException("Malformed base64 input image.");
    }
    return decoder.decode(bytes, autoOrient);
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

  /**
   * Decodes base64 text (after an optional data-URL prefix) straight into native memory for the
   * decoder.
   */
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
      throw new InputImageLoadException(
          text.substring(from).isBlank()
              ? "Empty image payload."
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

  /**
   * A local file, only a regular file under one of {@code LOCAL_IMAGE_ROOTS} (links resolved
   * first). Absent, outside the roots and not a regular file (a FIFO would block the read) give the
   * same answer, so that a request cannot learn which files exist.
   */
  private byte[] file(String path) {
    try {
      Path real = allowedFile(path);
      if (Files.size(real) > maxBytes) {
        throw new PayloadTooLargeException(
            "Image file is larger than the limit of " + maxBytes + " bytes (MAX_IMAGE_BYTES).");
      }
      try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
        return in.readNBytes((int) maxBytes + 1);
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw fileRefused();
    }
  }

  /**
   * The real path of a local file a request may read (images, and videos of inference pipelines):
   * local files allowed, a regular file under one of {@code LOCAL_IMAGE_ROOTS}, links resolved
   * first. Absent and refused files give the same answer.
   */
  public Path allowedFile(String path) {
    requireLocalAccess();
    try {
      Path real = Path.of(path).toRealPath();
      if (fileRoots.stream().noneMatch(real::startsWith)
          || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw fileRefused();
      }
      return real;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw fileRefused();
    }
  }

  /**
   * Refuses unless local files (and devices) may be read
   * (ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM).
   */
  public void requireLocalAccess() {
    if (!allowFiles) {
      throw new InputImageLoadException("Loading images from local filesystem is disabled.");
    }
  }

  private static InputImageLoadException fileRefused() {
    return new InputImageLoadException(
        "Image file does not exist or is not readable under the allowed folders (LOCAL_IMAGE_ROOTS).");
  }

  private InputImageLoadException numpyRefused() {
    return new InputImageLoadException(
        allowNumpy
            ? "NumPy image type is not supported by this server: unpickling payloads can run code. Send base64 or URL."
            : "NumPy image type is not supported in this configuration of `inference`.");
  }

  private static InputImageLoadException rawBytes() {
    return new InputImageLoadException(
        "Invalid base64 input: the image payload contains raw bytes instead of a "
            + "base64-encoded string. Encode the image with base64, or upload it as multipart/form-data part 'file'.");
  }
}
