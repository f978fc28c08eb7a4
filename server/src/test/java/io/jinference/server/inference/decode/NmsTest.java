package io.jinference.server.inference.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Roboflow's NMS semantics on boxes small enough to work out by hand. */
class NmsTest {
  /** A candidate whose class is the best of {@code scores} and whose confidence is that score. */
  private static Candidate row(float x1, float y1, float x2, float y2, float... scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return new Candidate(x1, y1, x2, y2, scores[best], scores[best], best, Candidate.NONE);
  }

  @Test
  void overlapIsIntersectionOverTheOtherBoxsAreaWithThePlusOneConvention() {
    // A = [0,0,9,9] (area 10*10 = 100 with +1), B = [5,0,24,9] (area 20*10 = 200).
    // Intersection x 5..9, y 0..9: (9-5+1) * (9-0+1) = 50. Over B's area: 0.25; IoU would be 50/250
    // = 0.2.
    List<Candidate> rows = List.of(row(0, 0, 9, 9, 0.9f), row(5, 0, 24, 9, 0.8f));
    assertEquals(1, Nms.apply(rows, 0.1f, 0.24f, false, 300).size(), "0.25 > 0.24: suppressed");
    assertEquals(2, Nms.apply(rows, 0.1f, 0.25f, false, 300).size(), "0.25 is not > 0.25: kept");
  }

  @Test
  void theLessConfidentBoxIsMeasuredAgainstItsOwnArea() {
    // The confident box is the big one: B = [5,0,24,9] 0.9, A = [0,0,9,9] 0.8 -> overlap = 50 /
    // area(A) = 0.5.
    List<Candidate> rows = List.of(row(5, 0, 24, 9, 0.9f), row(0, 0, 9, 9, 0.8f));
    assertEquals(1, Nms.apply(rows, 0.1f, 0.49f, false, 300).size());
    assertEquals(2, Nms.apply(rows, 0.1f, 0.5f, false, 300).size());
  }

  @Test
  void thresholdIsInclusive() {
    List<Candidate> rows = List.of(row(0, 0, 9, 9, 0.4f));
    assertEquals(1, Nms.apply(rows, 0.4f, 0.3f, false, 300).size());
    assertEquals(0, Nms.apply(rows, 0.41f, 0.3f, false, 300).size());
  }

  @Test
  void classesAreSuppressedSeparatelyUnlessAgnostic() {
    List<Candidate> rows = List.of(row(0, 0, 9, 9, 0.9f, 0.1f), row(0, 0, 9, 9, 0.1f, 0.8f));
    List<Candidate> perClass = Nms.apply(rows, 0.1f, 0.3f, false, 300);
    assertEquals(2, perClass.size());
    assertEquals(0, perClass.get(0).classId());
    assertEquals(1, perClass.get(1).classId());
    assertEquals(1, Nms.apply(rows, 0.1f, 0.3f, true, 300).size());
  }

  @Test
  void resultIsSortedAndTruncated() {
    List<Candidate> rows =
        List.of(row(0, 0, 9, 9, 0.5f), row(100, 100, 109, 109, 0.7f), row(200, 0, 209, 9, 0.6f));
    List<Candidate> kept = Nms.apply(rows, 0.1f, 0.3f, false, 2);
    assertEquals(2, kept.size());
    assertEquals(0.7f, kept.get(0).confidence());
    assertEquals(0.6f, kept.get(1).confidence());
  }
}
