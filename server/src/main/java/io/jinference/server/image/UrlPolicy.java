package io.jinference.server.image;

import io.jinference.server.config.InvalidSettingException;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which image URLs the server may fetch, with Roboflow's flags and messages: https only, hosts that
 * are fully qualified domain names, allow and deny lists, and (stricter than Roboflow by default)
 * no destinations that resolve to loopback, private, link-local or other non-global addresses.
 * Applied to the URL and to every redirect hop.
 *
 * <p>The host is resolved here, once, and the lists and the global check apply to the addresses it
 * resolves to: another spelling of an address ({@code 2130706433}, {@code 127.000.000.001}, {@code
 * [::ffff:127.0.0.1]}) or another name for a host cannot slip past them. The fetch then connects to
 * exactly these addresses ({@link Destination}), so a DNS answer that changes between the check and
 * the connection (DNS rebinding) has no effect.
 */
@Singleton
public final class UrlPolicy {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern TLD = Pattern.compile("^[a-z]{2,63}$|^xn--[a-z0-9-]{1,59}$");

  /**
   * A URL that passed the policy and the addresses its host was checked at: the only ones to
   * connect to.
   *
   * @param uri the URL
   * @param addresses the host's checked addresses (at least one)
   */
  public record Destination(URI uri, List<InetAddress> addresses) {}

  private final boolean allowUrls;
  private final boolean allowHttp;
  private final boolean allowWithoutFqdn;
  private final boolean allowNonGlobal;
  private final HostList whitelist;
  private final HostList blacklist;
  private final HostResolver resolver;

  public UrlPolicy(Settings settings, HostResolver resolver) {
    this.allowUrls = settings.flag(Setting.ALLOW_URL_INPUT);
    this.allowHttp = settings.flag(Setting.ALLOW_NON_HTTPS_URL_INPUT);
    this.allowWithoutFqdn = settings.flag(Setting.ALLOW_URL_INPUT_WITHOUT_FQDN);
    this.allowNonGlobal = settings.flag(Setting.ALLOW_URL_TO_NON_GLOBAL_ADDRESSES);
    this.resolver = resolver;
    // An allowed name is that name; a denied one is also every other name of its addresses.
    this.whitelist = list(settings, Setting.WHITELISTED_DESTINATIONS_FOR_URL_INPUT, null);
    this.blacklist = list(settings, Setting.BLACKLISTED_DESTINATIONS_FOR_URL_INPUT, resolver);
  }

  private static HostList list(Settings settings, Setting setting, HostResolver namesResolver) {
    try {
      return HostList.parse(settings.list(setting), namesResolver);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          setting, settings.text(setting), "host names, addresses or CIDR ranges");
    }
  }

  /**
   * Checks a URL and resolves its host; throws {@link InputImageLoadException} with the reason
   * otherwise.
   */
  public Destination check(String url) {
    return check(url, IMAGE_SCHEMES);
  }

  /**
   * Checks a video stream's URL (inference pipelines) under the same rules as an image URL: RTSP
   * and RTMP (with or without TLS) besides HTTPS, and plain HTTP only with
   * ALLOW_NON_HTTPS_URL_INPUT.
   */
  public Destination checkStream(String url) {
    return check(url, STREAM_SCHEMES);
  }

  private static final java.util.Set<String> IMAGE_SCHEMES = java.util.Set.of("https", "http");
  private static final java.util.Set<String> STREAM_SCHEMES =
      java.util.Set.of("https", "http", "rtsp", "rtsps", "rtmp", "rtmps");

  private Destination check(String url, java.util.Set<String> schemes) {
    if (!allowUrls) {
      throw new InputImageLoadException(
          "Providing images via URL is not supported in this configuration of the server (ALLOW_URL_INPUT).");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InputImageLoadException("Provided image URL is invalid.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!schemes.contains(scheme)
        || host == null
        || host.isEmpty()
        || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("\\"))) {
      throw new InputImageLoadException("Provided image URL is invalid.");
    }
    if (scheme.equals("http") && !allowHttp) {
      throw new InputImageLoadException(
          "Providing images via non https:// URL is not supported in this "
              + "configuration of the server (ALLOW_NON_HTTPS_URL_INPUT).");
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1); // "example.com." is example.com
    }
    if (!allowWithoutFqdn && !isFqdn(h)) {
      throw new InputImageLoadException(
          "Providing images via URL without FQDN is not supported in this "
              + "configuration of the server (ALLOW_URL_INPUT_WITHOUT_FQDN).");
    }
    if (blacklist.matchesName(h)) {
      throw blacklisted();
    }
    boolean listedByName = whitelist.isEmpty() || whitelist.matchesName(h);
    if (!listedByName && !whitelist.hasAddresses()) {
      throw notWhitelisted(); // nothing but names listed: no need to look the host up
    }
    List<InetAddress> addresses = resolve(h);
    if (!listedByName && !addresses.stream().allMatch(whitelist::matches)) {
      throw notWhitelisted();
    }
    if (addresses.stream().anyMatch(blacklist::matches)) {
      throw blacklisted();
    }
    if (!allowNonGlobal && !addresses.stream().allMatch(UrlPolicy::isGlobal)) {
      throw new InputImageLoadException("URL points to a network destination that is not allowed.");
    }
    return new Destination(uri, addresses);
  }

  private static InputImageLoadException blacklisted() {
    return new InputImageLoadException(
        "Providing images via URL pointing to this host is prohibited by blacklisted destinations.");
  }

  private static InputImageLoadException notWhitelisted() {
    return new InputImageLoadException(
        "Providing images via URL pointing to this host is prohibited by whitelisted destinations.");
  }

  private List<InetAddress> resolve(String host) {
    try {
      List<InetAddress> addresses = resolver.resolve(host);
      if (addresses.isEmpty()) {
        throw new UnknownHostException(host);
      }
      return List.copyOf(addresses);
    } catch (UnknownHostException e) {
      throw new InputImageLoadException(
          "Data pointed by URL could not be decoded into image: unknown host.");
    }
  }

  private static boolean isFqdn(String host) {
    if (host.contains(":") || IPV4.matcher(host).matches()) {
      return false;
    }
    int dot = host.lastIndexOf('.');
    return dot > 0 && dot < host.length() - 1 && TLD.matcher(host.substring(dot + 1)).matches();
  }

  /**
   * Whether an address is reachable on the public internet. An IPv6 address that carries an IPv4
   * one (NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, IPv4-compatible {@code ::a.b.c.d}) is
   * judged by that IPv4 address; other IPv6 addresses must be global unicast ({@code 2000::/3})
   * outside the special ranges (Teredo and the rest of {@code 2001::/23}, documentation), and the
   * discard prefix {@code 100::/64} is refused.
   */
  static boolean isGlobal(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    Inet4Address embedded = embeddedIpv4(a);
    if (embedded != null) {
      return isGlobal(embedded);
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xFF;
      int b1 = b[1] & 0xFF;
      int b2 = b[2] & 0xFF;
      return !(b0 == 0
          || (b0 == 100 && b1 >= 64 && b1 < 128)
          || (b0 == 192 && b1 == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19))
          || (b0 == 198 && b1 == 51 && b2 == 100)
          || (b0 == 203 && b1 == 0 && b2 == 113)
          || (b0 == 192 && b1 == 88 && b2 == 99)
          || b0 >= 240);
    }
    int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    boolean globalUnicast = (w0 & 0xE000) == 0x2000;
    boolean ietfSpecial = w0 == 0x2001 && w1 < 0x0200; // 2001::/23: Teredo, benchmarking, ORCHID...
    boolean documentation =
        (w0 == 0x2001 && w1 == 0x0db8) || (w0 & 0xFFFF) == 0x3fff && (w1 & 0xF000) == 0;
    return globalUnicast && !ietfSpecial && !documentation;
  }

  /** The IPv4 address an IPv6 address stands for by a fixed translation, or null. */
  static Inet4Address embeddedIpv4(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return null;
    }
    byte[] b = a.getAddress();
    int from = -1;
    if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && allZero(b, 4, 12)) {
      from = 12; // NAT64 well-known prefix 64:ff9b::/96
    } else if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
      from = 2; // 6to4 2002:a.b.c.d::/48
    } else if (allZero(b, 0, 12) && !allZero(b, 12, 15)) {
      from = 12; // IPv4-compatible ::a.b.c.d (deprecated); :: and ::1 are handled as any-local and
      // loopback
    }
    if (from < 0) {
      return null;
    }
    try {
      return (Inet4Address)
          InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean prefix(byte[] b, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if ((b[i] & 0xFF) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * An allow or deny list: host names, addresses and CIDR ranges, compared with the resolved
   * addresses.
   */
  static final class HostList {
    private final List<String> names = new ArrayList<>();
    private final List<byte[]> networks = new ArrayList<>();
    private final List<Integer> prefixLengths = new ArrayList<>();

    /**
     * Resolves the listed names to compare addresses too (a deny list), or null to match names
     * only.
     */
    private final HostResolver resolver;

    private HostList(HostResolver resolver) {
      this.resolver = resolver;
    }

    static HostList parse(List<String> entries, HostResolver resolver) {
      HostList list = new HostList(resolver);
      for (String entry : entries) {
        String e =
            entry.startsWith("[") && entry.contains("]")
                ? entry.replace("[", "").replace("]", "")
                : entry;
        int slash = e.indexOf('/');
        String address = slash < 0 ? e : e.substring(0, slash);
        if (!IPV4.matcher(address).matches() && !address.contains(":")) {
          list.names.add(e.endsWith(".") ? e.substring(0, e.length() - 1) : e);
          continue;
        }
        try {
          byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
          int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(e.substring(slash + 1));
          if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in " + entry);
          }
          list.networks.add(bytes);
          list.prefixLengths.add(bits);
        } catch (UnknownHostException | NumberFormatException ex) {
          throw new IllegalArgumentException("not an address or CIDR range: " + entry, ex);
        }
      }
      return list;
    }

    boolean isEmpty() {
      return names.isEmpty() && networks.isEmpty();
    }

    /** Whether the list has addresses or ranges. */
    boolean hasAddresses() {
      return !networks.isEmpty();
    }

    boolean matchesName(String host) {
      return names.contains(host);
    }

    /**
     * Whether the address (or the IPv4 address it embeds) is listed, as a range or as a listed
     * name's address.
     */
    boolean matches(InetAddress address) {
      Inet4Address embedded = embeddedIpv4(address);
      for (int i = 0; i < networks.size(); i++) {
        if (inRange(address, i) || (embedded != null && inRange(embedded, i))) {
          return true;
        }
      }
      for (String name : resolver == null ? List.<String>of() : names) {
        try {
          for (InetAddress listed : resolver.resolve(name)) {
            if (listed.equals(address) || listed.equals(embedded)) {
              return true;
            }
          }
        } catch (UnknownHostException e) {
          // a listed name that does not resolve names no address
        }
      }
      return false;
    }

    private boolean inRange(InetAddress address, int i) {
      byte[] a = address.getAddress();
      byte[] n = networks.get(i);
      if (a.length != n.length) {
        return false;
      }
      int bits = prefixLengths.get(i);
      for (int k = 0; k < bits; k++) {
        int mask = 0x80 >>> (k % 8);
        if ((a[k / 8] & mask) != (n[k / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
