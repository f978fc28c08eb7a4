package io.jinference.sdk;

/**
 * What {@code GET /info} says about the server.
 *
 * @param name the server's name
 * @param version its version
 * @param uuid this server instance's id
 */
public record ServerInfo(String name, String version, String uuid) {}
