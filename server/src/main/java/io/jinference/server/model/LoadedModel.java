package io.jinference.server.model;

/** A model whose runtime resources (an ONNX Runtime session) are open and ready to serve. */
public interface LoadedModel extends AutoCloseable {
  ModelPackage modelPackage();

  /** The static batch size of the network input, or null when the batch dimension is dynamic. */
  Integer batchSize();

  int inputWidth();

  int inputHeight();

  @Override
  void close();
}
