package io.jinference.server.http.controller;

import io.jinference.server.error.FeatureDeprecatedException;
import io.jinference.server.error.ModelDeploymentNotSupportedException;
import io.jinference.server.http.api.FoundationApi;
import io.jinference.server.http.auth.RequestKeys;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import java.util.Map;

/**
 * Roboflow's foundation-model routes not served yet (SAM, DocTR, LMM...), declared in the contract
 * so that clients find them: each answers one 501 ({@code ModelDeploymentNotSupportedError}) naming
 * its model family, the same answer as a foundation model id on a task route, until the family is
 * served; gaze detection answers 410, as Roboflow's server does. With this server's own keys on,
 * the caller's key is checked first (a body key too), so the answer reveals nothing to a stranger.
 */
@Controller
class FoundationModelsController implements FoundationApi {
  @Override
  public void doctrOcr(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "doctr");
  }

  @Override
  public void easyOcr(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "easy_ocr");
  }

  @Override
  public void embeddingsInfer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "embeddings");
  }

  @Override
  public void gazeDetection(Map<String, Object> requestBody, RequestKeys apiKey) {
    deprecated(requestBody, apiKey, "Gaze detection");
  }

  @Override
  public void groundingDinoInfer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "grounding_dino");
  }

  @Override
  public void lmmInfer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "lmm");
  }

  @Override
  public void lmmInferModel(
      @PathVariable("model_id") String modelId,
      Map<String, Object> requestBody,
      RequestKeys apiKey) {
    notServed(requestBody, apiKey, "lmm");
  }

  @Override
  public void owlv2Infer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "owlv2");
  }

  @Override
  public void perceptionEncoderCompare(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "perception_encoder");
  }

  @Override
  public void perceptionEncoderEmbedImage(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "perception_encoder");
  }

  @Override
  public void perceptionEncoderEmbedText(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "perception_encoder");
  }

  @Override
  public void sam3ConceptSegment(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "sam3");
  }

  @Override
  public void sam3EmbedImage(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "sam3");
  }

  @Override
  public void sam3ThreeDInfer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "sam3_3d");
  }

  @Override
  public void sam3VisualSegment(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "sam3");
  }

  @Override
  public void trocrOcr(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "trocr");
  }

  @Override
  public void yoloWorldInfer(Map<String, Object> requestBody, RequestKeys apiKey) {
    notServed(requestBody, apiKey, "yolo_world");
  }

  private static void notServed(Map<String, Object> body, RequestKeys keys, String family) {
    checkKey(body, keys);
    throw new ModelDeploymentNotSupportedException(family);
  }

  private static void deprecated(Map<String, Object> body, RequestKeys keys, String feature) {
    checkKey(body, keys);
    throw new FeatureDeprecatedException(feature);
  }

  /** With INFERENCE_SERVER_API_KEYS set, refuses (401) a body key that is not the server's. */
  private static void checkKey(Map<String, Object> body, RequestKeys keys) {
    Object key = body.get("api_key");
    keys.roboflowKey(key instanceof String ? (String) key : null);
  }
}
