package io.jinference.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/** Runs generated Retrofit calls and turns failures into the SDK's exception types. */
final class Calls {
  private final ObjectMapper mapper;

  Calls(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  <T> T execute(Call<T> call, String what) {
    Response<T> response;
    try {
      response = call.execute();
    } catch (InterruptedIOException e) {
      throw new InferenceConnectionException(what + " timed out: " + ApiKeys.maskIn(String.valueOf(e.getMessage())), e);
    } catch (IOException e) {
      throw new InferenceConnectionException(
          what + " could not reach " + ApiKeys.maskIn(call.request().url().toString()) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InferenceException(what + " returned a response the SDK cannot read: " + e.getMessage(), e);
    }
    if (response.isSuccessful()) {
      return response.body();
    }
    throw error(response.code(), response.message(), response.errorBody(), what);
  }

  InferenceHttpException error(int status, String reason, ResponseBody body, String what) {
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
