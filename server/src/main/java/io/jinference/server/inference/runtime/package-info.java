/**
 * ONNX Runtime sessions: opening a model package, preprocessing into pooled input tensors on the
 * pixel workers, bounded concurrent runs per model, dynamic batching. The only package that touches
 * ONNX Runtime.
 */
package io.jinference.server.inference.runtime;
