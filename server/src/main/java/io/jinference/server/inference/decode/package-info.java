/**
 * Each model family's conventions ({@link io.jinference.server.inference.decode.ModelFamily}: input
 * normalisation, output layout) and the task heads that turn a session's raw outputs into typed
 * predictions: layout decoders, NMS, back-projection to the original image, masks and keypoints.
 */
package io.jinference.server.inference.decode;
