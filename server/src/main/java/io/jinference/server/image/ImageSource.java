package io.jinference.server.image;

/**
 * Where one image of a request comes from, before anything is fetched or decoded: sources are
 * opened only once the model is known, so a bad model id fails before any download. {@link
 * ImageLoader#load(ImageSource, boolean, Deadline)} opens them.
 */
public sealed interface ImageSource {
  /** An image named in a JSON body ({@code base64}, {@code url}, {@code file}...). */
  record Reference(ImageReference reference) implements ImageSource {}

  /** The bytes of a multipart upload (the legacy route's part {@code file}). */
  record Upload(byte[] bytes) implements ImageSource {}

  /** A raw request body that should hold base64 text (the legacy route). */
  record Base64Body(byte[] body) implements ImageSource {}
}
