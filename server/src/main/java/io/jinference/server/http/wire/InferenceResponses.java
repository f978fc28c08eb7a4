package io.jinference.server.http.wire;

import io.micronaut.core.annotation.Introspected;
import java.util.List;

/**
 * The contract's {@code *InferenceResponses}: one response object for a single image, a JSON array
 * (same order) for a list. Elements are the generated response models of the task.
 *
 * @param responses responses in request order
 * @param batch whether to write an array
 */
@Introspected
public record InferenceResponses(List<Object> responses, boolean batch) {}
