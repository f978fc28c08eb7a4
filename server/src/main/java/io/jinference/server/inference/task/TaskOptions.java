package io.jinference.server.inference.task;

/**
 * What a request asks of a task, already validated. Each task reads the part that concerns it:
 * classification only the confidence, segmentation the mask options too, keypoint detection its
 * keypoint threshold.
 *
 * @param detection thresholds, NMS and class filter
 * @param mask how instance masks are decoded and returned
 * @param keypointConfidence keypoints below this are dropped
 * @param flags the request's {@code disable_preproc_*} switches
 */
public record TaskOptions(
    DetectionParams detection, MaskParams mask, float keypointConfidence, PreprocessFlags flags) {}
