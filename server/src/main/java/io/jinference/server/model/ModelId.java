package io.jinference.server.model;

import io.jinference.server.error.InvalidModelIdException;
import java.util.regex.Pattern;

/**
 * A model id as Roboflow parses it (reference §6.1): {@code project/version} with a numeric version
 * ({@code "coco/03"} is {@code coco/3}), or a single name without a version. More than one '/' is
 * an invalid id. Segments are restricted to characters that are safe as directory names, so an id
 * can never leave the cache root.
 *
 * @param dataset project or model name
 * @param version version number as text, or null for an unversioned id
 */
public record ModelId(String dataset, String version) {
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  /**
   * Roboflow's foundation ("core") model prefixes (reference §6.1): served by dedicated routes, not
   * here.
   */
  private static final java.util.Set<String> CORE_PREFIXES =
      java.util.Set.of(
          "clip",
          "easy_ocr",
          "doctr",
          "doctr_rec",
          "doctr_det",
          "gaze",
          "grounding_dino",
          "sam",
          "sam2",
          "sam3",
          "owlv2",
          "trocr",
          "pp_ocr",
          "yolo_world",
          "smolvlm2",
          "moondream2",
          "depth-anything-v2",
          "depth-anything-v3",
          "perception_encoder",
          "sam3-3d-objects");

  /** A foundation model of Roboflow's (CLIP, SAM, OCR...), which this server does not serve. */
  public boolean isCoreModel() {
    return CORE_PREFIXES.contains(dataset);
  }

  /** Versions Roboflow fetches with /ort/{dataset}/{version}; other ids go to /getWeights. */
  public boolean hasNumericVersion() {
    return version != null && version.chars().allMatch(Character::isDigit);
  }

  public static ModelId parse(String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidModelIdException("empty model id");
    }
    String[] parts = id.split("/", -1);
    if (parts.length > 2) {
      throw new InvalidModelIdException("more than one '/'");
    }
    String dataset = parts[0];
    requireSafe(dataset);
    if (parts.length == 1) {
      return new ModelId(dataset, null);
    }
    String version = parts[1];
    requireSafe(version);
    if (version.chars().allMatch(Character::isDigit)) {
      // Python's int(): leading zeros go ("coco/03" is coco/3). A number past a long is refused
      // rather than cut,
      // which would load another version.
      String digits = version.replaceFirst("^0+(?=.)", "");
      if (digits.length() > 18) {
        throw new InvalidModelIdException("version number too large");
      }
      version = String.valueOf(Long.parseLong(digits));
    }
    return new ModelId(dataset, version);
  }

  private static void requireSafe(String segment) {
    if (!SAFE.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
      throw new InvalidModelIdException("unsafe segment");
    }
  }

  @Override
  public String toString() {
    return version == null ? dataset : dataset + "/" + version;
  }
}
