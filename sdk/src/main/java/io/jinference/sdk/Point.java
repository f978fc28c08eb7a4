package io.jinference.sdk;

/**
 * A vertex of a segmentation polygon, in pixels of the original image.
 *
 * @param x horizontal
 * @param y vertical
 */
public record Point(double x, double y) {}
