package io.jinference.server.inference.runtime.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Depth Anything's input size and the map's normalisation; the expected sizes are worked by hand
 * from the rule of its image processor (transformers' DPTImageProcessor: keep_aspect_ratio,
 * ensure_multiple_of 14, size 518, Python's round).
 */
class DepthAnythingTest {
  @Test
  void theInputSizeFollowsDepthAnythingsResize() {
    // 576 x 768: scales 0.899 (height) and 0.674 (width); 0.899 is nearer 1, so height 518 and
    // width 690.7, rounded to 49 x 14
    assertArrayEquals(new int[] {518, 686}, DepthAnything.inputSize(0, 0, 576, 768));
    // 50 x 100: scales 10.36 and 5.18; 5.18 is nearer 1: width 518, height 259 = 18.5 x 14,
    // rounded half to even (18)
    assertArrayEquals(new int[] {252, 518}, DepthAnything.inputSize(0, 0, 50, 100));
    // 6 x 6000: the scale 0.086 makes the height 0.5 px: at least 14
    assertArrayEquals(new int[] {14, 518}, DepthAnything.inputSize(0, 0, 6, 6000));
    assertArrayEquals(new int[] {518, 14}, DepthAnything.inputSize(0, 0, 6000, 6));
    // a model of fixed size gets its size
    assertArrayEquals(new int[] {518, 518}, DepthAnything.inputSize(518, 518, 576, 768));
  }

  @Test
  void theMapIsStretchedFromItsMinimumToItsMaximum() {
    assertArrayEquals(
        new float[] {0, 0.25f, 1, 0.5f}, DepthAnything.normalised(new float[] {2, 3, 6, 4}));
    assertArrayEquals(
        new float[] {0, 0, 0}, DepthAnything.normalised(new float[] {7, 7, 7.0000005f}));
  }
}
