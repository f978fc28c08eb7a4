package io.jinference.server.inference.decode;

/**
 * One image's share of a session run.
 *
 * @param outputs the outputs of the image's chunk
 * @param batchIndex the image's index in the chunk
 * @param transform how the image was mapped onto the network input
 */
public record ImageRun(RawOutputs outputs, int batchIndex, InputTransform transform) {}
