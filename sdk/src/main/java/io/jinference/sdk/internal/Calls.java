package io.jinference.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.sdk.AuthenticationException;
import io.jinference.sdk.BadRequestException;
import io.jinference.sdk.InferenceConnectionException;
import io.jinference.sdk.InferenceException;
import io.jinference.sdk.InferenceHttpException;
import io.jinference.sdk.NotFoundException;
import io.jinference.sdk.RateLimitException;
import io.jinference.sdk.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/** Runs generated Retrofit calls and turns failures into the SDK's exception types. */
public final class Calls {
  private final ObjectMapper mapper;
  private final Retries retries;
  private final long callTimeoutMillis;

  /**
   * @param callTimeoutMillis the client's call timeout, shared by all attempts of a call (0: none)
   */
  public Calls(ObjectMapper mapper, Retries retries, long callTimeoutMillis) {
    this.mapper = mapper;
    this.retries = retries;
    this.callTimeoutMillis = callTimeoutMillis;
  }

  /**
   * Sends the call on OkHttp's dispatcher (no thread waits for the answer, nor between attempts);
   * the future completes with the body, or with the SDK's exception for the last failure. Retries
   * are new attempts of the same request; all attempts share the call timeout. Cancelling the
   * future cancels the attempt in flight.
   */
  public <T> CompletableFuture<T> enqueue(Call<T> call, String what) {
    CompletableFuture<T> result = new CompletableFuture<>();
    AtomicReference<Call<T>> current = new AtomicReference<>(call);
    long deadline = callTimeoutMillis > 0 ? System.nanoTime() / 1_000_000 + callTimeoutMillis : 0;
    attempt(call, what, 0, deadline, result, current);
    result.whenComplete(
        (v, e) -> {
          if (result.isCancelled()) {
            current.get().cancel();
          }
        });
    return result;
  }

  private <T> void attempt(
      Call<T> call,
      String what,
      int retry,
      long deadline,
      CompletableFuture<T> result,
      AtomicReference<Call<T>> current) {
    current.set(call);
    if (deadline > 0) {
      long left = deadline - System.nanoTime() / 1_000_000;
      if (left <= 0) {
        result.completeExceptionally(
            new InferenceConnectionException(
                what + " timed out before its retry could start", null));
        return;
      }
      call.timeout().timeout(left, TimeUnit.MILLISECONDS);
    }
    call.enqueue(
        new Callback<T>() {
          @Override
          public void onResponse(Call<T> c, Response<T> response) {
            if (response.isSuccessful()) {
              result.complete(response.body());
              return;
            }
            if (retries.retries(retry, response.code()) && !result.isDone()) {
              long wait = retries.delay(retry + 1, response.headers().get("Retry-After"));
              if (response.errorBody() != null) {
                response.errorBody().close();
              }
              again(c, what, retry, wait, deadline, result, current);
              return;
            }
            result.completeExceptionally(
                error(response.code(), response.message(), response.errorBody(), what));
          }

          @Override
          public void onFailure(Call<T> c, Throwable t) {
            if (retries.retries(retry, t) && !c.isCanceled() && !result.isDone()) {
              again(c, what, retry, retries.delay(retry + 1, null), deadline, result, current);
              return;
            }
            result.completeExceptionally(failure(c, t, what));
          }
        });
  }

  private <T> void again(
      Call<T> failed,
      String what,
      int retry,
      long wait,
      long deadline,
      CompletableFuture<T> result,
      AtomicReference<Call<T>> current) {
    Call<T> next = failed.clone();
    current.set(next);
    retries.after(
        wait,
        () -> {
          if (!result.isDone()) {
            attempt(next, what, retry + 1, deadline, result, current);
          }
        });
  }

  /** The future's value on this thread; its failure rethrown as the SDK exception it holds. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new InferenceException(String.valueOf(cause), cause);
    }
  }

  private static InferenceException failure(Call<?> call, Throwable t, String what) {
    if (t instanceof InterruptedIOException) {
      return new InferenceConnectionException(
          what + " timed out: " + ApiKeys.maskIn(String.valueOf(t.getMessage())), t);
    }
    if (t instanceof IOException) {
      return new InferenceConnectionException(
          what
              + " could not reach "
              + ApiKeys.maskIn(call.request().url().toString())
              + ": "
              + ApiKeys.maskIn(String.valueOf(t.getMessage())),
          t);
    }
    if (t instanceof InferenceException) {
      return (InferenceException) t;
    }
    return new InferenceException(
        what + " returned a response the SDK cannot read: " + t.getMessage(), t);
  }

  public InferenceHttpException error(int status, String reason, ResponseBody body, String what) {
    String message = reason;
    String type = null;
    if (body != null) {
      try (ResponseBody b = body) {
        String text = b.string();
        try {
          JsonNode json = mapper.readTree(text);
          JsonNode m = json.has("message") ? json.get("message") : json.get("detail");
          if (m != null) {
            message = m.isTextual() ? m.asText() : m.toString();
          }
          if (json.hasNonNull("error_type")) {
            type = json.get("error_type").asText();
          }
        } catch (IOException | RuntimeException notJson) {
          message = text.isEmpty() ? reason : text;
        }
      } catch (IOException e) {
        // keep the HTTP reason
      }
    }
    message = ApiKeys.maskIn(message);
    if (status == 401 || status == 403) {
      return new AuthenticationException(status, message, type, what);
    }
    if (status == 404) {
      return new NotFoundException(status, message, type, what);
    }
    if (status == 429) {
      return new RateLimitException(status, message, type, what);
    }
    if (status >= 500) {
      return new ServerException(status, message, type, what);
    }
    if (status >= 400) {
      return new BadRequestException(status, message, type, what);
    }
    return new InferenceHttpException(status, message, type, what);
  }
}
