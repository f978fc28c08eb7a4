package io.jinference.server.image;

/**
 * An image as a request names it: Roboflow's {@code {"type": ..., "value": ...}}.
 *
 * @param type {@code base64}, {@code url}, {@code file}, {@code numpy}... (case-insensitive)
 * @param value the base64 text, URL or path
 */
public record ImageReference(String type, String value) {}
