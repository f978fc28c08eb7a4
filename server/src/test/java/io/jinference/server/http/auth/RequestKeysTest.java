package io.jinference.server.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.error.ServerApiKeyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caller's Roboflow key follows Roboflow's precedence (reference §0: query, then {@code
 * Authorization: Bearer}, then body), and this server's own keys open the server but are never
 * taken for the caller's Roboflow key.
 */
class RequestKeysTest {
  private static final ServerKeys SERVER = ServerKeys.of(List.of("srv"));

  private static RequestKeys keys(String query, String bearer, ServerKeys server) {
    MutableHttpRequest<?> request = HttpRequest.GET(query == null ? "/x" : "/x?api_key=" + query);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return RequestKeys.of(request, server);
  }

  @Test
  void queryThenHeaderThenBody() {
    assertEquals("q", keys("q", "h", ServerKeys.NONE).roboflowKey("b"));
    assertEquals("h", keys(null, "h", ServerKeys.NONE).roboflowKey("b"));
    assertEquals("b", keys(null, null, ServerKeys.NONE).roboflowKey("b"));
    assertNull(keys(null, null, ServerKeys.NONE).roboflowKey(" "), "blank is no key");
    assertNull(RequestKeys.none().roboflowKey());
  }

  @Test
  void aServerKeyIsNeverTheCallersRoboflowKey() {
    assertEquals("h", keys("srv", "h", SERVER).roboflowKey("b"));
    assertEquals("q", keys("q", "srv", SERVER).roboflowKey(null));
    assertEquals("b", keys(null, "srv", SERVER).roboflowKey("b"));
    assertNull(keys(null, null, SERVER).roboflowKey("srv"), "the body's server key opened it");
  }

  @Test
  void withServerKeysAndNoneOutsideTheBodyTheBodyMustHoldOne() {
    assertThrows(ServerApiKeyException.class, () -> keys(null, null, SERVER).roboflowKey("rf"));
    assertThrows(ServerApiKeyException.class, () -> keys(null, null, SERVER).roboflowKey(null));
    assertThrows(ServerApiKeyException.class, () -> keys(null, null, SERVER).roboflowKey());
  }

  @Test
  void theFilterSeesWhetherAQueryOrHeaderKeyOpensTheServer() {
    assertTrue(keys("srv", null, SERVER).opensServer());
    assertTrue(keys("rf", "srv", SERVER).opensServer());
    assertFalse(keys("rf", "other", SERVER).opensServer());
    assertFalse(keys(null, null, SERVER).outsideBody());
    assertTrue(keys(null, "h", SERVER).outsideBody());
  }

  @Test
  void keysNeverShowInText() {
    String text = keys("secret-q", "secret-h", SERVER).toString();
    assertFalse(text.contains("secret"), text);
  }
}
