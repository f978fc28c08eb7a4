package io.jinference.sdk;

/**
 * Which frame a pipeline result is for: its number in its source (from 1), the source's index in
 * the request, and when the server decoded it (ISO-8601).
 *
 * <pre>{@code
 * for (PipelineFrame f : results.frames()) System.out.println(f.sourceId() + "#" + f.frameId());
 * }</pre>
 */
public record PipelineFrame(long frameId, int sourceId, String timestamp) {}
