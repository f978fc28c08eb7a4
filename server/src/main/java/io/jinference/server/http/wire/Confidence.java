package io.jinference.server.http.wire;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * The contract's {@code Confidence}: a threshold number, or {@code best} / {@code default} (both
 * mean the model's default threshold here, as in Roboflow's classic ONNX path).
 *
 * @param threshold the number, or null for a word
 * @param word {@code best} or {@code default}, or null for a number
 */
@Introspected
public record Confidence(@Nullable Float threshold, @Nullable String word) {}
