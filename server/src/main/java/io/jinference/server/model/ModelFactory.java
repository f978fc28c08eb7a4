package io.jinference.server.model;

/**
 * Opens a model package for inference. Implemented by the inference package, so that the model
 * manager knows nothing of ONNX Runtime.
 */
public interface ModelFactory {
  LoadedModel open(ModelPackage modelPackage);
}
