package io.jinference.server.error;

/**
 * Another request is still loading this model and the wait ({@code MODEL_LOCK_ACQUIRE_TIMEOUT_MS})
 * ran out: 503 with {@code Retry-After: 1}, Roboflow's {@code ModelManagerLockAcquisitionError}.
 */
public final class ModelBusyException extends ApiException {
  public ModelBusyException() {
    super(
        503,
        "ModelManagerLockAcquisitionError",
        "Could not acquire model manager lock due to other request "
            + "performing blocking operation. Try again....");
  }
}
