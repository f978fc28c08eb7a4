package io.jinference.server.pipeline;

import io.jinference.server.image.UrlPolicy;
import java.net.URI;
import java.util.Locale;

/** Stream URLs as FFmpeg is handed them: another host in place of the name, the rest kept. */
final class PinnedUrl {
  private PinnedUrl() {}

  /**
   * The checked URL with its host replaced by the first checked address. TLS streams (rtsps, rtmps)
   * keep the name, which their certificate check needs: they are checked at each open, but FFmpeg
   * resolves the name once more.
   */
  static String pin(UrlPolicy.Destination d) {
    URI u = d.uri();
    if (u.getScheme().toLowerCase(Locale.ROOT).endsWith("s")) {
      return u.toString();
    }
    String address = d.addresses().get(0).getHostAddress();
    int scope = address.indexOf('%');
    if (scope >= 0) {
      address = address.substring(0, scope);
    }
    return withHost(u, address.contains(":") ? "[" + address + "]" : address, u.getPort());
  }

  /** {@code u} with {@code host} and {@code port} (-1: none) instead of its own. */
  static String withHost(URI u, String host, int port) {
    return u.getScheme()
        + "://"
        + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@")
        + host
        + (port == -1 ? "" : ":" + port)
        + (u.getRawPath() == null ? "" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }
}
