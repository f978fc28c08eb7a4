package io.jinference.sdk;

/**
 * Which generation of Roboflow's routes a client calls.
 *
 * <pre>{@code
 * InferenceHTTPClient hosted = new InferenceHTTPClient("https://detect.roboflow.com", key); // V0 by URL
 * InferenceHTTPClient local = hosted.selectApiV1(); // force /infer/{task}
 * }</pre>
 */
public enum ApiMode {
  /** The legacy route {@code POST /{project}/{version}}: Roboflow's hosted API. */
  V0,
  /** The task routes {@code POST /infer/{task}}: self-hosted servers. */
  V1
}
