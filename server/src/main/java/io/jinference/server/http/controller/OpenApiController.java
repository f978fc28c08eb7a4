package io.jinference.server.http.controller;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Serves the contract, the very file the code was generated from, as JSON at {@code /openapi.json}.
 */
@Controller
final class OpenApiController {
  private final byte[] json;

  OpenApiController(JsonMapper mapper) {
    try (InputStream in =
        OpenApiController.class.getResourceAsStream("/openapi/inference-api.yaml")) {
      if (in == null) {
        throw new IllegalStateException(
            "openapi/inference-api.yaml is missing from the server jar");
      }
      Map<String, Object> spec = new Yaml(new LoaderOptions()).load(in);
      this.json = mapper.writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get(uri = "/openapi.json", produces = MediaType.APPLICATION_JSON)
  HttpResponse<byte[]> spec() {
    return HttpResponse.ok(json);
  }
}
