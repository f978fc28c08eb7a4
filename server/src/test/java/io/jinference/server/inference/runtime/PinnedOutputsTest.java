package io.jinference.server.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.inference.decode.RawOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reused output tensors answer what ONNX Runtime's own outputs answer, on real graphs; what cannot
 * be pinned is not; a graph that answers another shape than it declares is refused by ONNX Runtime
 * (the case the server falls back from).
 */
class PinnedOutputsTest {
  private static final OrtEnvironment ENV = OnnxRuntimeEnvironment.get();
  private static final Path RESOURCES = Path.of("src/test/resources");

  @Test
  void theDefaultModelsOutputsWrittenInPlaceEqualOnnxRuntimesOwnOnEveryRun() throws Exception {
    try (OrtSession session =
        open(Path.of("src/main/resources/models/coco-nanodet/1/weights.onnx"))) {
      PinnedOutputs pinned = PinnedOutputs.of(ENV, session.getOutputInfo(), 1, 2);
      assertNotNull(pinned, "six fixed-shape float outputs (NanoDet's cls_* and box_*)");
      PinnedOutputs.Run first = null;
      for (int seed = 1; seed <= 3; seed++) {
        try (OnnxTensor input = randomInput(session, seed)) {
          RawOutputs expected = ordinary(session, input);
          PinnedOutputs.Run run = pinned.take();
          if (first == null) {
            first = run;
          } else {
            assertSame(first, run, "the set given back is reused, not made again");
          }
          try (OrtSession.Result ignored =
              session.run(
                  Map.of(session.getInputNames().iterator().next(), input), run.tensors())) {
            RawOutputs actual = pinned.copy(run);
            assertEquals(expected.names(), actual.names());
            for (int i = 0; i < expected.size(); i++) {
              assertArrayEquals(expected.get(i).shape(), actual.get(i).shape());
              assertArrayEquals(expected.get(i).values(), actual.get(i).values(), 0f);
            }
          } finally {
            pinned.give(run);
          }
        }
      }
      pinned.close();
    }
  }

  @Test
  void aDynamicBatchIsPinnedAtTheRunsBatchAndOnlyForIt() throws Exception {
    try (OrtSession session = open(store("dynamic-fixture"))) {
      PinnedOutputs pinned = PinnedOutputs.of(ENV, session.getOutputInfo(), 1, 1);
      assertNotNull(pinned, "output [batch, 7, 2]: known once the batch is");
      assertTrue(pinned.fits(new long[] {1, 3, 64, 64}));
      assertFalse(pinned.fits(new long[] {4, 3, 64, 64}), "a dynamic batch of four is not pinned");
      pinned.close();
    }
  }

  @Test
  void outputsKnownOnlyAfterTheRunAreNotPinned() throws Exception {
    try (OrtSession session = open(store("nudenet-yolov8n"))) {
      assertNull(
          PinnedOutputs.of(ENV, session.getOutputInfo(), 1, 1),
          "YOLOv8's candidate count follows the input's height and width");
    }
  }

  @Test
  void aGraphThatAnswersAnotherShapeThanItDeclaresIsRefusedAndPinningStops() throws Exception {
    try (OrtSession session = open(RESOURCES.resolve("golden/pinned-outputs-lie.onnx"))) {
      PinnedOutputs pinned = PinnedOutputs.of(ENV, session.getOutputInfo(), 1, 1);
      assertNotNull(pinned, "declared [1, 5]: it looks pinnable");
      PinnedOutputs.Run run = pinned.take();
      try (OnnxTensor input = randomInput(session, 7)) {
        assertThrows(
            OrtException.class,
            () -> session.run(Map.of("images", input), run.tensors()).close(),
            "about half of 192 random values are above 0.5, not 5");
        pinned.disable();
        pinned.give(run);
        assertFalse(pinned.fits(new long[] {1, 3, 8, 8}));
        RawOutputs answered = ordinary(session, input);
        assertTrue(answered.get(0).values().length > 5, "the ordinary path reads the real length");
      }
    }
  }

  private static Path store(String model) throws Exception {
    try (var files = java.nio.file.Files.walk(RESOURCES.resolve("model-store").resolve(model))) {
      return files.filter(p -> p.toString().endsWith(".onnx")).findFirst().orElseThrow();
    }
  }

  private static OrtSession open(Path file) throws OrtException {
    try (OrtSession.SessionOptions options = OnnxRuntimeEnvironment.foundationOptions(1)) {
      return ENV.createSession(file.toString(), options);
    }
  }

  private static OnnxTensor randomInput(OrtSession session, int seed) throws OrtException {
    long[] shape =
        ((TensorInfo) session.getInputInfo().values().iterator().next().getInfo()).getShape();
    long[] fixed = shape.clone();
    for (int i = 0; i < fixed.length; i++) {
      fixed[i] = fixed[i] > 0 ? fixed[i] : (i == 0 ? 1 : 64);
    }
    int n = 1;
    for (long d : fixed) {
      n *= (int) d;
    }
    FloatBuffer values =
        ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      values.put(i, random.nextFloat());
    }
    return OnnxTensor.createTensor(ENV, values, fixed);
  }

  /** ONNX Runtime's own outputs, read through its Java binding (the server's unpinned path). */
  private static RawOutputs ordinary(OrtSession session, OnnxTensor input) throws OrtException {
    try (OrtSession.Result result =
        session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      return OnnxModel.copy(result);
    }
  }
}
