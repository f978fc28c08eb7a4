package io.jinference.server.image;

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
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which image URLs the server may fetch, with Roboflow's flags and messages: https only, hosts that are fully
 * qualified domain names, allow and deny lists, and (stricter than Roboflow by default) no destinations that
 * resolve to loopback, private, link-local or other non-global addresses. Applied to the URL and to every
 * redirect hop.
 */
@Singleton
public final class UrlPolicy {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern TLD = Pattern.compile("^[a-z]{2,63}$|^xn--[a-z0-9-]{1,59}$");

  private final boolean allowUrls;
  private final boolean allowHttp;
  private final boolean allowWithoutFqdn;
  private final boolean allowNonGlobal;
  private final List<String> whitelist;
  private final List<String> blacklist;

  public UrlPolicy(Settings settings) {
    this.allowUrls = settings.flag(Setting.ALLOW_URL_INPUT);
    this.allowHttp = settings.flag(Setting.ALLOW_NON_HTTPS_URL_INPUT);
    this.allowWithoutFqdn = settings.flag(Setting.ALLOW_URL_INPUT_WITHOUT_FQDN);
    this.allowNonGlobal = settings.flag(Setting.ALLOW_URL_TO_NON_GLOBAL_ADDRESSES);
    this.whitelist = settings.list(Setting.WHITELISTED_DESTINATIONS_FOR_URL_INPUT);
    this.blacklist = settings.list(Setting.BLACKLISTED_DESTINATIONS_FOR_URL_INPUT);
  }

  /** Checks a URL and returns it parsed; throws {@link InputImageLoadException} with the reason otherwise. */
  public URI check(String url) {
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
    if (!(scheme.equals("https") || scheme.equals("http")) || host == null || host.isEmpty()
        || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("\\"))) {
      throw new InputImageLoadException("Provided image URL is invalid.");
    }
    if (scheme.equals("http") && !allowHttp) {
      throw new InputImageLoadException("Providing images via non https:// URL is not supported in this "
          + "configuration of the server (ALLOW_NON_HTTPS_URL_INPUT).");
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!allowWithoutFqdn && !isFqdn(h)) {
      throw new InputImageLoadException("Providing images via URL without FQDN is not supported in this "
          + "configuration of the server (ALLOW_URL_INPUT_WITHOUT_FQDN).");
    }
    if (!whitelist.isEmpty() && !whitelist.contains(h)) {
      throw new InputImageLoadException(
          "Providing images via URL pointing to this host is prohibited by whitelisted destinations.");
    }
    if (blacklist.contains(h)) {
      throw new InputImageLoadException(
          "Providing images via URL pointing to this host is prohibited by blacklisted destinations.");
    }
    if (!allowNonGlobal) {
      checkGlobal(h);
    }
    return uri;
  }

  private static boolean isFqdn(String host) {
    if (host.contains(":") || IPV4.matcher(host).matches()) {
      return false;
    }
    int dot = host.lastIndexOf('.');
    return dot > 0 && dot < host.length() - 1 && TLD.matcher(host.substring(dot + 1)).matches();
  }

  private static void checkGlobal(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new InputImageLoadException("Data pointed by URL could not be decoded into image: unknown host.");
    }
    for (InetAddress a : addresses) {
      if (!isGlobal(a)) {
        throw new InputImageLoadException("URL points to a network destination that is not allowed.");
      }
    }
  }

  static boolean isGlobal(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xFF;
      int b1 = b[1] & 0xFF;
      return !(b0 == 0 || (b0 == 100 && b1 >= 64 && b1 < 128) || (b0 == 192 && b1 == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19)) || b0 >= 240);
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xFE) != 0xFC; // unique local fc00::/7
    }
    return true;
  }
}
