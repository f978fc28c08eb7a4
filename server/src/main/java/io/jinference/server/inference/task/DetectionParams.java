package io.jinference.server.inference.task;

import java.util.List;

/**
 * What a detection request asks for, already validated.
 *
 * @param confidence keep candidates with confidence {@code >=} this
 * @param iouThreshold NMS overlap threshold
 * @param classAgnostic one NMS over all classes instead of one per class
 * @param classFilter class names to keep (after NMS), or null for all
 * @param maxDetections most detections returned per image
 */
public record DetectionParams(
    float confidence,
    float iouThreshold,
    boolean classAgnostic,
    List<String> classFilter,
    int maxDetections) {}
