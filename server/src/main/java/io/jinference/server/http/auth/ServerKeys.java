package io.jinference.server.http.auth;

import io.jinference.server.config.InvalidSettingException;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/**
 * This server's own access keys ({@code INFERENCE_SERVER_API_KEYS}, {@code
 * INFERENCE_SERVER_API_KEYS_FILE}), which Roboflow's local server lacks. Kept as SHA-256 digests
 * and compared in constant time, so neither memory dumps of this object nor the answer's timing
 * tell a key; never logged.
 */
@Context // made at start, so that an unreadable key file stops the server there
final class ServerKeys {
  /** No server keys: every request opens the server. */
  static final ServerKeys NONE = new ServerKeys(List.of());

  private final List<byte[]> digests;

  @Inject
  ServerKeys(Settings settings) {
    this(digests(keys(settings)));
  }

  /** The given keys (tests; the server reads them from its settings). */
  static ServerKeys of(Collection<String> keys) {
    return new ServerKeys(digests(keys));
  }

  private ServerKeys(List<byte[]> digests) {
    this.digests = digests;
  }

  /** Whether the server asks for one of its keys at all. */
  boolean enabled() {
    return !digests.isEmpty();
  }

  /** Whether {@code key} is one of this server's keys. */
  boolean accepts(String key) {
    byte[] given = digest(key);
    boolean found = false;
    for (byte[] d : digests) { // every key compared, in constant time
      found |= MessageDigest.isEqual(given, d);
    }
    return found;
  }

  private static List<String> keys(Settings settings) {
    List<String> keys = new ArrayList<>(settings.ids(Setting.INFERENCE_SERVER_API_KEYS));
    String file = settings.optional(Setting.INFERENCE_SERVER_API_KEYS_FILE);
    if (file != null) {
      try {
        Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
            .map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .forEach(keys::add);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException(
            Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a readable file of keys");
      }
      if (keys.isEmpty()) {
        throw new InvalidSettingException(
            Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a file with at least one key");
      }
    }
    return keys;
  }

  private static List<byte[]> digests(Collection<String> keys) {
    List<byte[]> digests = new ArrayList<>();
    new HashSet<>(keys).forEach(k -> digests.add(digest(k)));
    return List.copyOf(digests);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
