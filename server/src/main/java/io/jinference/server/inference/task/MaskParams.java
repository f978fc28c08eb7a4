package io.jinference.server.inference.task;

/**
 * How instance masks are decoded and returned.
 *
 * @param mode {@code accurate} (network-input resolution), {@code fast} (prototype resolution) or
 *     {@code tradeoff} (in between, by {@code tradeoffFactor})
 * @param tradeoffFactor in [0, 1]: 0 is fast, 1 is accurate
 * @param rle COCO RLE at the original resolution instead of a polygon
 */
public record MaskParams(String mode, float tradeoffFactor, boolean rle) {}
