package io.jinference.server.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.image.PixelWorkers;
import io.jinference.server.inference.decode.ModelFamily;
import io.jinference.server.metrics.ServerMetrics;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelFactory;
import io.jinference.server.model.ModelPackage;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Opens ONNX Runtime sessions for model packages, choosing the decoder from the model-type table.
 */
@Singleton
public class OnnxModelFactory implements ModelFactory {
  private static final int DEFAULT_INPUT_SIZE = 640;

  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final int intraOpThreads;
  private final int concurrentRuns;
  private final boolean spinning;
  private final int queueSize;
  private final long queueTimeoutMs;
  private final int maxBatchImages;
  private final long maxBatchDelayNanos;

  private final ServerMetrics metrics;
  private final PixelWorkers workers;

  public OnnxModelFactory(Settings settings, ServerMetrics metrics, PixelWorkers workers) {
    this.workers = workers;
    this.metrics = metrics;
    this.intraOpThreads = settings.perCore(Setting.INFERENCE_INTRA_OP_THREADS);
    this.concurrentRuns = settings.perCore(Setting.INFERENCE_CONCURRENT_RUNS);
    this.spinning = settings.flag(Setting.INFERENCE_INTRA_OP_SPINNING);
    this.queueSize = settings.integer(Setting.INFERENCE_QUEUE_SIZE);
    this.queueTimeoutMs = settings.number(Setting.INFERENCE_QUEUE_TIMEOUT_MS);
    this.maxBatchImages = Math.max(1, settings.integer(Setting.INFERENCE_MAX_BATCH_SIZE));
    this.maxBatchDelayNanos = settings.number(Setting.INFERENCE_MAX_BATCH_DELAY_MS) * 1_000_000L;
  }

  @Override
  public LoadedModel open(ModelPackage pkg) {
    ModelFamily family = ModelFamily.of(pkg.taskType(), pkg.modelType());
    OrtSession session = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      // By default idle intra-op threads do not spin: several models and requests share a few
      // cores.
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(pkg.weights().toString(), options);
      Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
      long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
      if (family.nhwcInt32() && shape.length == 4) {
        shape =
            new long[] {
              shape[0], shape[3], shape[1], shape[2]
            }; // [B, H, W, 3] read as [B, 3, H, W]
      }
      if (shape.length != 4 || (shape[1] != 3 && shape[1] != -1)) {
        throw new ModelArtefactException("input of " + pkg.id() + " is not [B, 3, H, W]", null);
      }
      boolean dynamicSize = shape[2] <= 0 || shape[3] <= 0;
      int height =
          (int)
              (shape[2] > 0
                  ? shape[2]
                  : pkg.resize() != null ? pkg.resize().height() : DEFAULT_INPUT_SIZE);
      int width =
          (int)
              (shape[3] > 0
                  ? shape[3]
                  : pkg.resize() != null ? pkg.resize().width() : DEFAULT_INPUT_SIZE);
      Integer batch = shape[0] > 0 ? (int) shape[0] : null;
      return new OnnxModel(
          pkg,
          env,
          session,
          input.getKey(),
          width,
          height,
          batch,
          dynamicSize,
          family,
          new RunSlots(pkg.id().toString(), concurrentRuns, queueSize, queueTimeoutMs),
          metrics.model(pkg.id().toString()),
          maxBatchImages,
          maxBatchDelayNanos,
          workers,
          concurrentRuns,
          PinnedOutputs.of(
              env, session.getOutputInfo(), batch == null ? 1 : batch, concurrentRuns));
    } catch (OrtException e) {
      OnnxRuntimeEnvironment.closeQuietly(session);
      throw new ModelArtefactException(
          "ONNX Runtime cannot load " + pkg.weights() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      OnnxRuntimeEnvironment.closeQuietly(session);
      throw e;
    }
  }
}
