package io.jinference.sdk;

/** What {@code GET /info} says about the server. */
public final class ServerInfo extends Value {
  private static final String[] NAMES = {"name", "version", "uuid"};

  private final String name;
  private final String version;
  private final String uuid;

  /**
   * Creates one from its parts.
   *
   * @param name the server's name
   * @param version its version
   * @param uuid this server instance's id
   */
  public ServerInfo(String name, String version, String uuid) {
    this.name = name;
    this.version = version;
    this.uuid = uuid;
  }

  /**
   * The server's name.
   *
   * @return the server's name
   */
  public String name() {
    return name;
  }

  /**
   * Its version.
   *
   * @return its version
   */
  public String version() {
    return version;
  }

  /**
   * This server instance's id.
   *
   * @return this server instance's id
   */
  public String uuid() {
    return uuid;
  }

  @Override
  Object[] parts() {
    return new Object[] {name, version, uuid};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
