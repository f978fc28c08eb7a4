package io.jinference.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's value types (final classes, so that Java 11 can use them) behave as records would:
 * every part goes in through the constructor and comes out of its accessor, two values are equal
 * exactly when every part is, equal values hash alike, {@code toString} names every part, and the
 * lists they hold cannot be changed.
 */
class ValueTypesTest {
  static Stream<Class<?>> valueTypes() {
    return Stream.of(
        ClassPrediction.class,
        ClassificationResult.class,
        Detection.class,
        Keypoint.class,
        KeypointsPrediction.class,
        KeypointsResult.class,
        ModelDescription.class,
        ObjectDetectionResult.class,
        OcrResult.class,
        OcrResult.Line.class,
        PipelineFrame.class,
        PipelineResults.class,
        PipelineStatus.class,
        Point.class,
        SamMask.class,
        SamPrompt.PromptPoint.class,
        SamPrompt.Box.class,
        SegmentationPrediction.class,
        SegmentationResult.class,
        ServerInfo.class);
  }

  @ParameterizedTest
  @MethodSource("valueTypes")
  void behavesAsAValue(Class<?> type) throws Exception {
    Constructor<?> constructor = type.getConstructors()[0];
    assertEquals(1, type.getConstructors().length, type + " has one public constructor");
    Parameter[] parts = constructor.getParameters();
    Object[] first = new Object[parts.length];
    Object[] same = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      first[i] = sample(parts[i].getParameterizedType(), 1);
      same[i] = sample(parts[i].getParameterizedType(), 1);
    }
    Object a = constructor.newInstance(first);
    Object b = constructor.newInstance(same);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a.toString(), b.toString());
    assertNotEquals(a, null);
    assertNotEquals(a, new Object());
    for (int i = 0; i < parts.length; i++) {
      Method accessor = type.getMethod(parts[i].getName());
      assertEquals(first[i], accessor.invoke(a), type.getSimpleName() + "." + parts[i].getName());
      assertTrue(
          a.toString().contains(parts[i].getName() + "="), a + " names " + parts[i].getName());
      Object[] other = first.clone();
      other[i] = sample(parts[i].getParameterizedType(), 2);
      assertNotEquals(a, constructor.newInstance(other), "differs in " + parts[i].getName());
      Object value = accessor.invoke(a);
      if (value instanceof List<?> list) {
        assertThrows(UnsupportedOperationException.class, list::clear);
      }
    }
  }

  /** A value of the type, different for each {@code n}; the compiler's parameter names are kept. */
  private static Object sample(Type type, int n) {
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      if (raw == List.class) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          list.add(sample(p.getActualTypeArguments()[0], i + 1));
        }
        return list;
      }
      if (raw == Map.class) {
        return Map.of("key", n);
      }
      throw new AssertionError("no sample for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == double.class || c == Double.class) {
      return n + 0.5;
    } else if (c == int.class || c == Integer.class) {
      return n;
    } else if (c == long.class) {
      return (long) n;
    } else if (c == boolean.class) {
      return n == 1;
    } else if (c == String.class) {
      return "s" + n;
    } else if (c == Object.class) {
      return "o" + n;
    } else if (c == Detection.class) {
      return new Detection(n, n, n, n, 0.5, "c" + n, n, null);
    } else if (c == Point.class) {
      return new Point(n, n);
    } else if (c == Keypoint.class) {
      return new Keypoint(n, n, 0.5, n, "k" + n);
    } else if (c == ClassPrediction.class) {
      return new ClassPrediction("c" + n, n, 0.5);
    } else if (c == KeypointsPrediction.class) {
      return new KeypointsPrediction(new Detection(n, n, 1, 1, 1, "c", 0, null), List.of());
    } else if (c == SegmentationPrediction.class) {
      return new SegmentationPrediction(
          new Detection(n, n, 1, 1, 1, "c", 0, null), List.of(), null);
    } else if (c == PipelineFrame.class) {
      return new PipelineFrame(n, n, "t" + n);
    } else if (c == OcrResult.Line.class) {
      return new OcrResult.Line("l" + n, 0.5, n, n, n, n);
    }
    throw new AssertionError("no sample for " + type);
  }
}
