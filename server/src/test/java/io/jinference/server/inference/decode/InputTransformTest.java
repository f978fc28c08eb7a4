package io.jinference.server.inference.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Keypoints are projected back as Roboflow's {@code post_process_keypoints} does: scaled, clipped
 * to the image, {@code np.round}ed (half to even) and shifted by the static crop. Expected values
 * worked out by hand.
 */
class InputTransformTest {
  @Test
  void keypointsAreClippedAndRoundedHalfToEven() {
    // A 320x320 crop at (10, 20) stretched to a 640x640 input: input pixels are halved.
    InputTransform t = new InputTransform(400, 400, 10, 20, 320, 320, 640, 640, false);
    assertArrayEquals(
        new double[] {10 + 0, 20 + 2}, t.point(1f, 5f), "0.5 -> 0 and 2.5 -> 2 (half to even)");
    assertArrayEquals(new double[] {10 + 2, 20 + 4}, t.point(3f, 7f), "1.5 -> 2 and 3.5 -> 4");
    assertArrayEquals(
        new double[] {10 + 51, 20 + 0},
        t.point(101.4f, -30f),
        "50.7 -> 51; negative y clipped to 0");
    assertArrayEquals(
        new double[] {10 + 320, 20 + 320}, t.point(900f, 700f), "clipped to the crop's size");
  }
}
