package io.jinference.sdk;

/**
 * What {@code GET /info} says about a server.
 *
 * <pre>{@code
 * ServerInfo info = client.getServerInfo();
 * System.out.println(info.name() + " " + info.version());
 * }</pre>
 */
public final class ServerInfo {
  private final String name;
  private final String version;
  private final String uuid;

  ServerInfo(String name, String version, String uuid) {
    this.name = name;
    this.version = version;
    this.uuid = uuid;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** This server process's id. */
  public String uuid() {
    return uuid;
  }

  @Override
  public String toString() {
    return "ServerInfo[" + name + " " + version + " " + uuid + "]";
  }
}
