package io.jinference.server.error;

/**
 * The Roboflow API refused or failed a call, with Roboflow's status mapping and messages (reference
 * §5): 401, 402, 403, 404 and 423 pass through; other HTTP errors and malformed answers are 502,
 * connection failures 503, timeouts 504.
 */
public final class RoboflowApiException extends ApiException {
  private static final String KEY_HELP =
      " Visit https://docs.roboflow.com/api-reference/authentication#retrieve-an-api-key to learn how to retrieve one.";

  private RoboflowApiException(int status, String type, String message) {
    super(status, type, message);
  }

  /** The exception for an HTTP error status of the Roboflow API. */
  public static RoboflowApiException forStatus(int status) {
    switch (status) {
      case 401:
        return new RoboflowApiException(
            401,
            "RoboflowAPINotAuthorizedError",
            "Unauthorized access to roboflow API - "
                + "check API key and make sure the key is valid for workspace you use."
                + KEY_HELP);
      case 402:
        return new RoboflowApiException(
            402,
            "PaymentRequiredError",
            "Not enough credits to perform this request. Verify your workspace billing page.");
      case 403:
        return new RoboflowApiException(
            403,
            "RoboflowAPIForbiddenError",
            "Unauthorized access to roboflow API - "
                + "check API key and make sure the key is valid and have required scopes."
                + KEY_HELP);
      case 404:
        return new RoboflowApiException(
            404,
            "RoboflowAPINotNotFoundError",
            "Requested Roboflow resource not found. "
                + "Make sure that workspace, project or model you referred in request exists.");
      case 423:
        return new RoboflowApiException(
            423,
            "RoboflowAPIUsagePausedError",
            "Roboflow API usage is paused. Please "
                + "contact your workspace administrator to re-enable api keys.");
      default:
        return new RoboflowApiException(
            502,
            "RoboflowAPIUnsuccessfulRequestError",
            "Internal error. Request to Roboflow API failed.");
    }
  }

  public static RoboflowApiException malformed() {
    return new RoboflowApiException(
        502,
        "MalformedRoboflowAPIResponseError",
        "Internal error. Request to Roboflow API failed.");
  }

  public static RoboflowApiException connection() {
    return new RoboflowApiException(
        503, "RoboflowAPIConnectionError", "Internal error. Could not connect to Roboflow API.");
  }

  public static RoboflowApiException timeout() {
    return new RoboflowApiException(
        504, "RoboflowAPITimeoutError", "Timeout when attempting to connect to Roboflow API.");
  }

  /** Whether another attempt may succeed: upstream 5xx, connection failures and timeouts. */
  public boolean isTransient() {
    return status() == 502 && errorType().equals("RoboflowAPIUnsuccessfulRequestError")
        || status() == 503
        || status() == 504;
  }
}
