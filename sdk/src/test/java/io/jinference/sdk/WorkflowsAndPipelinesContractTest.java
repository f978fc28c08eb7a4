package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * runWorkflow and the InferencePipeline calls on the wire (as Roboflow's Python client sends them).
 */
@WireMockTest
@org.junit.jupiter.api.extension.ExtendWith(ContractRequests.class)
class WorkflowsAndPipelinesContractTest {
  private InferenceHTTPClient client;

  @BeforeEach
  void client(WireMockRuntimeInfo wm) {
    client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .apiKey("KEY")
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @Test
  void predefinedWorkflow() {
    stubFor(
        post(Contract.path("runPredefinedWorkflow", "my-ws", "count"))
            .willReturn(okJson(Contract.example("WorkflowInferenceResponse"))));
    WorkflowResult r =
        client
            .workflows()
            .runWorkflow(
                WorkflowRequest.builder()
                    .workspace("my-ws")
                    .workflowId("count")
                    .image("image", ImageSource.bytes("img".getBytes()))
                    .parameter("threshold", 0.5)
                    .excludedFields(List.of("debug"))
                    .workflowVersionId("v7")
                    .build());
    assertEquals(2, ((Number) r.outputs().get(0).get("count")).intValue());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("runPredefinedWorkflow", "my-ws", "count")))
            .withRequestBody(
                equalToJson(
                    "{\"api_key\":\"KEY\","
                        + "\"inputs\":{\"threshold\":0.5,\"image\":{\"type\":\"base64\",\"value\":\"aW1n\"}},"
                        + "\"excluded_fields\":[\"debug\"],\"use_cache\":true,\"workflow_version_id\":\"v7\"}",
                    false,
                    false)));
  }

  @Test
  void workflowBySpecification() {
    stubFor(
        post(Contract.path("runWorkflow"))
            .willReturn(
                okJson(
                    "{\"outputs\":[{\"vis\":{\"type\":\"base64\",\"value\":\""
                        + java.util.Base64.getEncoder().encodeToString(tinyPng())
                        + "\"}}]}")));
    Map<String, Object> spec =
        Map.of("version", "1.0", "inputs", List.of(), "steps", List.of(), "outputs", List.of());
    WorkflowResult r =
        client.workflows().runWorkflow(WorkflowRequest.builder().specification(spec).build());
    assertEquals(2, r.image(0, "vis").orElseThrow().getWidth());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("runWorkflow")))
            .withRequestBody(
                equalToJson(
                    "{\"specification\":{\"version\":\"1.0\",\"inputs\":[],\"steps\":[],\"outputs\":[]},\"inputs\":{}}",
                    false,
                    true)));
  }

  @Test
  void aWorkflowRequestNeedsOneTarget() {
    assertThrows(InvalidInputException.class, () -> WorkflowRequest.builder().build());
    assertThrows(
        InvalidInputException.class,
        () ->
            WorkflowRequest.builder()
                .workspace("w")
                .workflowId("i")
                .specification(Map.of())
                .build());
  }

  private static final String[] COMMANDS = {
    "pauseInferencePipeline", "resumeInferencePipeline", "terminateInferencePipeline"
  };

  @Test
  void pipelineCalls() {
    String command = Contract.example("CommandResponse");
    stubFor(post(Contract.path("initialisePipeline")).willReturn(okJson(command)));
    stubFor(
        get(urlPathEqualTo(Contract.path("listInferencePipelines")))
            .willReturn(okJson(Contract.example("ListPipelinesResponse"))));
    stubFor(
        get(urlPathEqualTo(Contract.path("getInferencePipelineStatus", "3c4d")))
            .willReturn(okJson(Contract.example("InferencePipelineStatusResponse"))));
    for (String op : COMMANDS) {
      stubFor(post(Contract.path(op, "3c4d")).willReturn(okJson(command)));
    }
    stubFor(
        get(urlPathEqualTo(Contract.path("consumeInferencePipelineResult", "3c4d")))
            .willReturn(okJson(Contract.example("ConsumePipelineResponse"))));

    Pipeline pipeline =
        client
            .pipelines()
            .start(
                PipelineRequest.builder()
                    .videoReference("rtsp://cam/1")
                    .workflow("ws", "count")
                    .maxFps(5)
                    .bufferFillingStrategy("WAIT")
                    .consumptionTimeout(java.time.Duration.ofSeconds(30))
                    .build());
    assertEquals("3c4d", pipeline.id());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("initialisePipeline")))
            .withRequestBody(
                equalToJson(
                    "{\"api_key\":\"KEY\",\"video_configuration\":{\"type\":\"VideoConfiguration\",\"video_reference\":"
                        + "\"rtsp://cam/1\",\"max_fps\":5.0,\"source_buffer_filling_strategy\":\"WAIT\"},"
                        + "\"processing_configuration\":{\"type\":\"WorkflowConfiguration\",\"workspace_name\":"
                        + "\"ws\",\"workflow_id\":\"count\",\"image_input_name\":\"image\"},\"sink_configuration\":{\"type\":"
                        + "\"MemorySinkConfiguration\",\"results_buffer_size\":64},\"consumption_timeout\":30.0}",
                    false,
                    false)));
    assertEquals(List.of("3c4d"), client.pipelines().list());
    assertEquals("RUNNING", pipeline.status().state());
    pipeline.pause();
    pipeline.resume();
    pipeline.terminate();
    // Every pipeline call carries the key, as Roboflow's Python client's: a JSON body on the
    // commands, the query on the GETs (OkHttp sends no body on a GET)
    for (String op : COMMANDS) {
      verify(
          postRequestedFor(urlEqualTo(Contract.path(op, "3c4d")))
              .withRequestBody(equalToJson("{\"api_key\":\"KEY\"}")));
    }
    verify(getRequestedFor(urlEqualTo(Contract.path("listInferencePipelines") + "?api_key=KEY")));
    verify(
        getRequestedFor(
            urlEqualTo(Contract.path("getInferencePipelineStatus", "3c4d") + "?api_key=KEY")));
    stubFor(
        get(urlPathEqualTo(Contract.path("consumeInferencePipelineResult", "3c4d")))
            .willReturn(
                okJson(
                    "{\"status\":\"success\",\"outputs\":[{\"count\":1}],\"frames_metadata\":"
                        + "[{\"frame_timestamp\":\"2026-12-01T10:00:00Z\",\"frame_id\":7,\"source_id\":0}]}")));
    PipelineResults results = client.pipelines().get("3c4d").consume(List.of("image"));
    assertEquals(List.of(Map.of("count", 1)), results.outputs());
    assertEquals(
        List.of(new PipelineFrame(7, 0, "2026-12-01T10:00:00Z")), results.frames(), "typed frames");
    verify(
        getRequestedFor(
            urlEqualTo(
                Contract.path("consumeInferencePipelineResult", "3c4d")
                    + "?api_key=KEY&excluded_fields=image")));
  }

  @Test
  void notServedIsAServerError() {
    stubFor(
        post(Contract.path("runWorkflow"))
            .willReturn(
                aResponse()
                    .withStatus(501)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        Contract.responses()
                            .path("NotImplemented")
                            .path("content")
                            .path("application/json")
                            .path("example")
                            .toString())));
    ServerException e =
        assertThrows(
            ServerException.class,
            () ->
                client
                    .workflows()
                    .runWorkflow(WorkflowRequest.builder().specification(Map.of()).build()));
    assertEquals(501, e.statusCode());
    assertTrue(
        e.serverMessage().startsWith("Inference pipelines are not served"), e.serverMessage());
  }

  private static byte[] tinyPng() {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png",
          out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
