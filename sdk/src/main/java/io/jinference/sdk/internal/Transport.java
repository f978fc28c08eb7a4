package io.jinference.sdk.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.sdk.RequestOptions;
import io.jinference.sdk.RetryPolicy;
import io.jinference.sdk.internal.api.ClipApi;
import io.jinference.sdk.internal.api.DepthApi;
import io.jinference.sdk.internal.api.InferenceApi;
import io.jinference.sdk.internal.api.InfoApi;
import io.jinference.sdk.internal.api.LegacyApi;
import io.jinference.sdk.internal.api.ModelsApi;
import io.jinference.sdk.internal.api.OcrApi;
import io.jinference.sdk.internal.api.PipelinesApi;
import io.jinference.sdk.internal.api.Sam2Api;
import io.jinference.sdk.internal.api.SamApi;
import io.jinference.sdk.internal.api.WorkflowsApi;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;
import retrofit2.converter.scalars.ScalarsConverterFactory;

/**
 * The generated Retrofit services of one client configuration: the shared connection pool and
 * dispatcher, with this configuration's call timeout and extra headers, and its retry policy
 * (applied by {@link Calls}).
 */
public final class Transport {
  public final InfoApi info;
  public final ModelsApi models;
  public final InferenceApi inference;
  public final LegacyApi legacy;
  public final WorkflowsApi workflows;
  public final PipelinesApi pipelines;
  public final OcrApi ocr;
  public final DepthApi depth;
  public final ClipApi clip;
  public final Sam2Api sam2;
  public final SamApi sam;
  public final Calls calls;
  public final ObjectMapper mapper;

  /**
   * @param base the client's OkHttp client
   */
  public Transport(
      String apiUrl,
      OkHttpClient base,
      RetryPolicy retries,
      Retries.Delayer delayer,
      RequestOptions options,
      ObjectMapper mapper) {
    OkHttpClient.Builder ok = base.newBuilder();
    if (options.timeout() != null) {
      ok.callTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    Map<String, String> headers = options.headers();
    if (!headers.isEmpty()) {
      ok.addInterceptor(
          chain -> {
            Request.Builder r = chain.request().newBuilder();
            headers.forEach(r::header);
            return chain.proceed(r.build());
          });
    }
    OkHttpClient http = ok.build();
    // The generated ApiClient would make an ObjectMapper of its own (cold caches) per client; the
    // connection's one mapper serves every derived client instead, with the converters ApiClient
    // uses.
    Retrofit api =
        new Retrofit.Builder()
            .baseUrl(apiUrl + "/")
            .client(http)
            .addConverterFactory(ScalarsConverterFactory.create())
            .addConverterFactory(JacksonConverterFactory.create(mapper))
            .build();
    this.info = api.create(InfoApi.class);
    this.models = api.create(ModelsApi.class);
    this.inference = api.create(InferenceApi.class);
    this.legacy = api.create(LegacyApi.class);
    this.workflows = api.create(WorkflowsApi.class);
    this.pipelines = api.create(PipelinesApi.class);
    this.ocr = api.create(OcrApi.class);
    this.depth = api.create(DepthApi.class);
    this.clip = api.create(ClipApi.class);
    this.sam2 = api.create(Sam2Api.class);
    this.sam = api.create(SamApi.class);
    this.mapper = mapper;
    this.calls =
        new Calls(
            mapper,
            new Retries(options.retryPolicy() != null ? options.retryPolicy() : retries, delayer),
            http.callTimeoutMillis());
  }
}
