package io.jinference.server.inference.runtime.sam;

/**
 * One prompt's answer: the chosen mask's logits at the image's size (above 0 is the object), its
 * low-resolution logits (what a later prompt can start from) and the decoder's predicted IoU.
 *
 * <pre>{@code
 * List<List<int[]>> outline = SamMasks.polygons(mask.logits(), mask.width(), mask.height());
 * }</pre>
 */
public record SamMask(
    float[] logits, int width, int height, float[] lowRes, int lowSide, float confidence) {}
