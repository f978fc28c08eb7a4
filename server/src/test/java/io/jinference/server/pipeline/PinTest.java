package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jinference.server.image.UrlPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The URL FFmpeg is handed: the checked address in place of the name, everything else kept. */
class PinTest {
  private static String pin(String url, String... addresses) throws Exception {
    List<InetAddress> list = new java.util.ArrayList<>();
    for (String a : addresses) {
      list.add(InetAddress.getByName(a));
    }
    return PinnedUrl.pin(new UrlPolicy.Destination(new URI(url), list));
  }

  @Test
  void theFirstCheckedAddressReplacesTheName() throws Exception {
    assertEquals(
        "rtsp://user:p%40ss@203.0.113.7:8554/cam/1?channel=2",
        pin("rtsp://user:p%40ss@cam.example:8554/cam/1?channel=2", "203.0.113.7", "203.0.113.8"));
    assertEquals("rtmp://203.0.113.7/live/x", pin("rtmp://cam.example/live/x", "203.0.113.7"));
    assertEquals(
        "rtsp://[2001:db8:0:0:0:0:0:1]:554/s", pin("rtsp://cam.example:554/s", "2001:db8::1"));
  }

  @Test
  void tlsStreamsKeepTheirNameForTheCertificateCheck() throws Exception {
    assertEquals("rtsps://cam.example:322/s", pin("rtsps://cam.example:322/s", "203.0.113.7"));
    assertEquals("rtmps://cam.example/live", pin("rtmps://cam.example/live", "203.0.113.7"));
  }
}
