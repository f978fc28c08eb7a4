package io.jinference.server.error;

/** MODELS_CACHE_AUTH_ENABLED: the request's API key has no access to the loaded model (401). */
public final class UnauthorizedModelAccessException extends ApiException {
  public UnauthorizedModelAccessException() {
    super(
        401,
        "UnauthorizedModelAccessError",
        "Unauthorized access to roboflow API - check API key and make sure the "
            + "key is valid for workspace you use. Visit https://docs.roboflow.com/api-reference/authentication"
            + "#retrieve-an-api-key to learn how to retrieve one.");
  }
}
