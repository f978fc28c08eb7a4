package io.jinference.server.http.controller;

import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.inference.runtime.sam.SamEmbedding;
import io.jinference.server.inference.runtime.sam.SegmentAnything;
import io.jinference.server.model.ModelId;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The embedding a SAM or SAM 2 request names: the one kept under its {@code image_id}, else its
 * image's (kept under that id, or under one made from the pixels).
 */
@Singleton
class SamImages {
  private final ImageLoader loader;
  private final TaskRequests requests;

  SamImages(ImageLoader loader, TaskRequests requests) {
    this.loader = loader;
    this.requests = requests;
  }

  SamEmbedding embedding(
      SegmentAnything model,
      ModelId id,
      ImageInput image,
      String imageId,
      boolean autoOrient,
      String cacheSetting) {
    if (imageId != null) {
      Optional<SamEmbedding> kept = model.cached(id, imageId);
      if (kept.isPresent()) {
        return kept.get();
      }
    }
    if (image == null) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          imageId == null
              ? "Send an image, or the image_id of an embedded image."
              : "Image ID "
                  + imageId
                  + " is not in the embedding cache (never embedded, or dropped since: "
                  + cacheSetting
                  + "): send the image.");
    }
    if (image.batch()) {
      throw new InvalidRequestException(
          "InvalidParameterError", "Segment Anything takes one image per request, not a list.");
    }
    try (DecodedImage decoded =
        loader.load(requests.sources(image).get(0), autoOrient, loader.downloadDeadline())) {
      return model.embed(id, imageId, decoded.bgr());
    }
  }

  /** The route's model id: the body's {@code model_id}, else {@code <family>/<version>}. */
  static ModelId modelId(
      SegmentAnything model,
      io.jinference.server.model.ModelAliases aliases,
      String family,
      String modelId,
      String version,
      String defaultVersion) {
    String raw =
        modelId != null && !modelId.isBlank()
            ? modelId
            : family + "/" + (version == null || version.isBlank() ? defaultVersion : version);
    ModelId id = ModelId.parse(aliases.resolve(raw));
    if (!model.serves(id.dataset()) || id.version() == null) {
      throw new InvalidRequestException(
          "InvalidModelIDError",
          "Model "
              + raw
              + " is not a "
              + family
              + " model: this route serves "
              + family
              + "/<version>.");
    }
    return id;
  }

  static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
