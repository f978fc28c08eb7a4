package io.jinference.server.http.controller;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code /docs} (Swagger UI) and {@code /redoc} (ReDoc): the contract served at {@code
 * /openapi.json}, rendered by the webjars' scripts, which the server serves itself under {@code
 * /docs/assets} and {@code /redoc/assets}. Swagger UI's "Try it out" calls the server the page came
 * from, whatever the contract's example server says.
 */
@Controller
final class ApiPagesController {
  private final String swagger;
  private final String redoc;

  ApiPagesController() {
    String swaggerAssets = "/docs/assets/" + webjarVersion("swagger-ui") + "/";
    String redocAssets = "/redoc/assets/" + webjarVersion("redoc") + "/";
    this.swagger =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>jinference API</title>
          <link rel="stylesheet" href="%1$sswagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="%1$sswagger-ui-bundle.js"></script>
          <script>
            fetch('/openapi.json').then(r => r.json()).then(spec => {
              spec.servers = [{url: window.location.origin}];
              window.ui = SwaggerUIBundle({spec: spec, dom_id: '#swagger-ui', deepLinking: true});
            });
          </script>
        </body>
        </html>
        """
            .formatted(swaggerAssets);
    this.redoc =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>jinference API</title>
        </head>
        <body>
          <redoc spec-url="/openapi.json"></redoc>
          <script src="%1$sredoc.standalone.js"></script>
        </body>
        </html>
        """
            .formatted(redocAssets);
  }

  /** The version of a webjar on the class path (its folder under META-INF/resources/webjars). */
  static String webjarVersion(String artifact) {
    String path = "/META-INF/maven/org.webjars/" + artifact + "/pom.properties";
    try (InputStream in = ApiPagesController.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "The " + artifact + " webjar is missing from the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/docs")
  @Produces(MediaType.TEXT_HTML)
  String docs() {
    return swagger;
  }

  @Get("/redoc")
  @Produces(MediaType.TEXT_HTML)
  String redoc() {
    return redoc;
  }
}
