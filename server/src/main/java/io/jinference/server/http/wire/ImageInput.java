package io.jinference.server.http.wire;

import io.jinference.server.http.model.InferenceRequestImage;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.Valid;
import java.util.List;

/**
 * The contract's {@code ImageInput}: one image object or a list of them (mapped by the generator to
 * this hand-written type, since neither generator can express that oneOf). {@link ImageInputSerde}
 * reads and writes it.
 *
 * @param images the images in request order
 * @param batch whether the request sent a JSON array (and so expects an array back)
 */
@Introspected
public record ImageInput(List<@Valid InferenceRequestImage> images, boolean batch) {}
