package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The URL policy's flags and messages. Hosts are IP literals or names refused before any DNS
 * lookup.
 */
class UrlPolicyTest {
  private static UrlPolicy policy(Map<String, Object> settings) {
    return policy(settings, new HostResolver.Default());
  }

  private static UrlPolicy policy(Map<String, Object> settings, HostResolver dns) {
    try (ApplicationContext ctx = ApplicationContext.run(settings)) {
      return new UrlPolicy(ctx.getBean(Settings.class), dns);
    }
  }

  /** A DNS that knows a few names (no network needed); other names do not exist. */
  private static HostResolver dns(Map<String, String> names) {
    return host -> {
      if (names.containsKey(host)) {
        return List.of(InetAddress.getByName(names.get(host)));
      }
      try {
        InetAddress literal =
            InetAddress.getByName(host); // literals only: any other name is unknown here
        if (host.matches("[0-9.]+|.*:.*")) {
          return List.of(literal);
        }
      } catch (UnknownHostException e) {
        // unknown
      }
      throw new UnknownHostException(host);
    };
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
    UrlPolicy allow =
        policy(Map.of("whitelisted.destinations.for.url.input", "images.example.com"));
    assertTrue(refusal(allow, "https://other.example.com/a.jpg").contains("whitelisted"));
    UrlPolicy deny =
        policy(
            Map.of("blacklisted.destinations.for.url.input", "evil.example.com, bad.example.org"));
    assertTrue(refusal(deny, "https://evil.example.com/a.jpg").contains("blacklisted"));
  }

  @Test
  void urlInputCanBeSwitchedOff() {
    assertTrue(
        refusal(policy(Map.of("allow.url.input", "false")), "https://example.com/a.jpg")
            .contains("ALLOW_URL_INPUT"));
  }

  @Test
  void nonGlobalAddressesAreRefusedEvenWhenIpHostsAreAllowed() {
    UrlPolicy p = policy(Map.of("allow.url.input.without.fqdn", "true"));
    for (String host :
        new String[] {
          "127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "0.0.0.0"
        }) {
      assertEquals(
          "Could not load input image. Cause: URL points to a network destination that is not allowed.",
          refusal(p, "https://" + host + "/a.jpg"),
          host);
    }
  }

  @Test
  void globalAddressClassification() throws Exception {
    assertFalse(UrlPolicy.isGlobal(InetAddress.getByName("100.64.0.1")));
    assertFalse(UrlPolicy.isGlobal(InetAddress.getByName("fd00::1")));
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("93.184.216.34")));
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("2606:2800:220:1::1")));
  }

  @Test
  void ipv6AddressesCarryingIpv4AreJudgedByTheirIpv4Meaning() throws Exception {
    // 169.254.169.254 (cloud metadata) behind NAT64, 6to4 and IPv4-compatible forms
    for (String a :
        new String[] {
          "64:ff9b::a9fe:a9fe",
          "2002:a9fe:a9fe::1",
          "::a9fe:a9fe",
          "64:ff9b::7f00:1",
          "2002:0a00:0001::"
        }) {
      assertFalse(UrlPolicy.isGlobal(InetAddress.getByName(a)), a);
    }
    // 93.184.216.34 (public) behind NAT64 and 6to4 stays public
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("64:ff9b::5db8:d822")));
    assertTrue(UrlPolicy.isGlobal(InetAddress.getByName("2002:5db8:d822::1")));
    // Teredo, the rest of 2001::/23, the discard prefix, documentation, local-use NAT64: refused
    for (String a :
        new String[] {
          "2001::1",
          "2001:0:4136:e378:8000:63bf:3fff:fdd2",
          "2001:1::1",
          "100::1",
          "2001:db8::1",
          "64:ff9b:1::a",
          "3fff::1",
          "::",
          "fe80::1",
          "ff02::1"
        }) {
      assertFalse(UrlPolicy.isGlobal(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void aNamePointingAtNat64MetadataIsRefusedByDefault() {
    UrlPolicy p = policy(Map.of(), dns(Map.of("images.example.com", "64:ff9b::a9fe:a9fe")));
    assertTrue(refusal(p, "https://images.example.com/a.jpg").contains("not allowed"));
  }

  @Test
  void theDenyListComparesAddressesRangesAndOtherNames() {
    UrlPolicy p =
        policy(
            Map.of(
                "allow.url.input.without.fqdn",
                "true",
                "allow.url.to.non.global.addresses",
                "true",
                "blacklisted.destinations.for.url.input",
                "127.0.0.1, 10.0.0.0/8, internal.example.com"),
            dns(
                Map.of(
                    "alias.example.com",
                    "127.0.0.1",
                    "internal.example.com",
                    "192.168.7.7",
                    "other-name.example.com",
                    "192.168.7.7",
                    "fine.example.com",
                    "192.168.7.8")));
    for (String host :
        new String[] {
          "2130706433",
          "127.000.000.001",
          "[::ffff:127.0.0.1]",
          "alias.example.com",
          "10.1.2.3",
          "[64:ff9b::a01:203]",
          "other-name.example.com",
          "internal.example.com."
        }) {
      assertTrue(refusal(p, "https://" + host + "/a.jpg").contains("blacklisted"), host);
    }
    assertEquals(
        List.of("192.168.7.8"),
        p.check("https://fine.example.com/a.jpg").addresses().stream()
            .map(InetAddress::getHostAddress)
            .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void anAllowListOfRangesIsComparedWithTheResolvedAddresses() {
    UrlPolicy p =
        policy(
            Map.of(
                "allow.url.to.non.global.addresses",
                "true",
                "whitelisted.destinations.for.url.input",
                "192.168.7.0/24"),
            dns(Map.of("in.example.com", "192.168.7.9", "out.example.com", "192.168.8.9")));
    assertEquals(1, p.check("https://in.example.com/a.jpg").addresses().size());
    assertTrue(refusal(p, "https://out.example.com/a.jpg").contains("whitelisted"));
  }

  @Test
  void anInvalidListEntryStopsTheServer() {
    assertThrows(
        io.jinference.server.config.InvalidSettingException.class,
        () -> policy(Map.of("blacklisted.destinations.for.url.input", "10.0.0.0/99")));
  }
}
