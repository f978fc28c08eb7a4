package io.jinference.sdk;

/**
 * Base of every exception the SDK throws. Unchecked: catch it (or a subclass) where you can act on
 * it.
 *
 * <pre>{@code
 * try {
 *   client.infer(url, "coco-nanodet/1");
 * } catch (NotFoundException e) {
 *   // no such model on this server
 * } catch (InferenceHttpException e) {
 *   System.err.println(e.statusCode() + " " + e.serverMessage());
 * } catch (InferenceException e) {
 *   // connection failures, invalid input
 * }
 * }</pre>
 */
public class InferenceException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public InferenceException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
