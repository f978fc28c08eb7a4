package io.jinference.server.inference.task;

/**
 * One keypoint in original-image pixels.
 *
 * @param x horizontal position
 * @param y vertical position
 * @param confidence the model's visibility score
 * @param classId keypoint index
 * @param className keypoint name from keypoints_metadata.json
 */
public record Keypoint(double x, double y, double confidence, int classId, String className) {}
