package io.jinference.sdk.video;

import io.jinference.sdk.InferenceResult;
import java.awt.image.BufferedImage;

/**
 * One frame of a video and the server's answer for it: the source as given, the frame's number in
 * it (from 1), its pixels and the typed result. The Python client's {@code infer_on_stream} yields
 * the same three things.
 *
 * <pre>{@code
 * System.out.println(p.frameId() + ": " + p.result());
 * }</pre>
 *
 * @param sourceReference the video file or stream URL the frame comes from
 * @param frameId the frame's number in the source, from 1 (frames skipped by a frame rate cap still
 *     count)
 * @param frame the frame's pixels, as sent to the server
 * @param result the server's answer for the frame
 */
public record VideoPrediction(
    String sourceReference, long frameId, BufferedImage frame, InferenceResult result) {}
