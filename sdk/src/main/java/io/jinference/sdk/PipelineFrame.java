package io.jinference.sdk;

/**
 * Which frame a pipeline result is for: its number in its source (from 1), the source's index in
 * the request, and when the server decoded it (ISO-8601).
 *
 * <pre>{@code
 * for (PipelineFrame f : results.frames()) System.out.println(f.sourceId() + "#" + f.frameId());
 * }</pre>
 */
public final class PipelineFrame extends Value {
  private static final String[] NAMES = {"frameId", "sourceId", "timestamp"};

  private final long frameId;
  private final int sourceId;
  private final String timestamp;

  /**
   * Creates one from its parts.
   *
   * @param frameId the frame's number in its source, from 1
   * @param sourceId the source's index in the request
   * @param timestamp when the server decoded the frame (ISO-8601)
   */
  public PipelineFrame(long frameId, int sourceId, String timestamp) {
    this.frameId = frameId;
    this.sourceId = sourceId;
    this.timestamp = timestamp;
  }

  /**
   * The frame's number in its source, from 1.
   *
   * @return the frame's number in its source, from 1
   */
  public long frameId() {
    return frameId;
  }

  /**
   * The source's index in the request.
   *
   * @return the source's index in the request
   */
  public int sourceId() {
    return sourceId;
  }

  /**
   * When the server decoded the frame (ISO-8601).
   *
   * @return when the server decoded the frame (ISO-8601)
   */
  public String timestamp() {
    return timestamp;
  }

  @Override
  Object[] parts() {
    return new Object[] {frameId, sourceId, timestamp};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
