package io.jinference.server.http.error;

import io.jinference.server.workflow.engine.WorkflowException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's {@code WorkflowErrorResponse}: the message and error type, plus which blocks and
 * properties failed.
 */
@Singleton
@Produces
final class WorkflowExceptionHandler
    implements ExceptionHandler<WorkflowException, HttpResponse<Map<String, Object>>> {
  @Override
  public HttpResponse<Map<String, Object>> handle(HttpRequest request, WorkflowException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", e.getMessage());
    body.put("error_type", e.errorType());
    body.put("context", "workflow_compilation | workflow execution");
    body.put("inner_error_type", e.errorType());
    body.put("inner_error_message", e.getMessage());
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (WorkflowException.BlockError b : e.blockErrors()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("block_id", b.blockId());
      m.put("block_type", b.blockType());
      m.put("property_name", b.propertyName());
      m.put("property_details", b.propertyDetails());
      blocks.add(m);
    }
    body.put("blocks_errors", blocks);
    return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(e.status())).body(body);
  }
}
