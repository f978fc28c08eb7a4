package io.jinference.server.error;

/** A request to a server with INFERENCE_SERVER_API_KEYS that carries none of them (401). */
public final class ServerApiKeyException extends ApiException {
  /** The message every refusal carries: where a key may be given. */
  public static final String MESSAGE =
      "Unauthorized api_key: this server requires one of its API keys, as the "
          + "api_key query parameter, an Authorization: Bearer header or, for inference and workflow requests, the "
          + "api_key of the JSON body.";

  public ServerApiKeyException() {
    super(401, "Unauthorized", MESSAGE);
  }
}
