package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URL policy's flags and messages. Hosts are IP literals or names refused before any DNS lookup. */
class UrlPolicyTest {
  private static UrlPolicy policy(Map<String, Object> settings) {
    try (ApplicationContext ctx = ApplicationContext.run(settings)) {
      return new UrlPolicy(ctx.getBean(Settings.class));
    }
  }

  private static String refusal(UrlPolicy p, String url) {
    return assertThrows(InputImageLoadException.class, () -> p.check(url)).getMessage();
  }

  @Test
  void defaultsRefuseHttpHostsWithoutDomainAndOddSchemes() {
    UrlPolicy p = policy(Map.of());
    assertTrue(refusal(p, "http://example.com/a.jpg").contains("non https://"));
    assertTrue(refusal(p, "https://10.0.0.1/a.jpg").contains("without FQDN"));
    assertTrue(refusal(p, "https://intranet/a.jpg").contains("without FQDN"));
    assertTrue(refusal(p, "ftp://example.com/a.jpg").contains("invalid"));
    assertTrue(refusal(p, "file:///etc/passwd").contains("invalid"));
    assertTrue(refusal(p, "not a url").contains("invalid"));
  }

  @Test
  void listsAreCheckedBeforeAnyLookup() {
    UrlPolicy allow = policy(Map.of("whitelisted.destinations.for.url.input", "images.example.com"));
    assertTrue(refusal(allow, "https://other.example.com/a.jpg").contains("whitelisted"));
    UrlPolicy deny = policy(Map.of("blacklisted.destinations.for.url.input", "evil.example.com, bad.example.org"));
    assertTrue(refusal(deny, "https://evil.example.com/a.jpg").contains("blacklisted"));
  }

  @Test
  void urlInputCanBeSwitchedOff() {
    assertTrue(refusal(policy(Map.of("allow.url.input", "false")), "https://example.com/a.jpg")
        .contains("ALLOW_URL_INPUT"));
  }

  @Test
  void nonGlobalAddressesAreRefusedEvenWhenIpHostsAreAllowed() {
    UrlPolicy p = policy(Map.of("allow.url.input.without.fqdn", "true"));
    for (String host : new String[] {"127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "0.0.0.0"}) {
      assertEquals("Could not load input image. Cause: URL points to a network destination that is not allowed.",
          refusal(p, "https://" + host + "/a.jpg"), host);
    }
  }

  @Test
  void globalAddressClassification() throws Exception {
    assertFalse(UrlPolicy.isGlobal(InetAddress.getByName("100.64.0.1")));
    assertFalse(UrlPolicy.isGlobal(InetAddress.getByName("fd00::1")));
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("93.184.216.34")));
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("2606:2800:220:1::1")));
  }
}
