package io.jinference.sdk;

/**
 * One keypoint of a detected object.
 *
 * @param x horizontal, in pixels of the original image
 * @param y vertical
 * @param confidence the keypoint's confidence
 * @param id the keypoint's index in the model's skeleton
 * @param name the keypoint's name, e.g. {@code nose}
 */
public record Keypoint(double x, double y, double confidence, int id, String name) {}
