package io.jinference.server.image;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS for tests that set {@code test.dns}: {@code name=answer|answer;other=answer}, each answer a
 * comma list of addresses. Every lookup of a name takes its next answer (the last one repeats), as
 * a DNS whose answer changes between two lookups (rebinding) would; lookups are counted. Literal
 * addresses resolve as themselves; any other name does not exist.
 */
@Singleton
@Replaces(HostResolver.class)
@Requires(property = "test.dns")
public final class FakeDns implements HostResolver {
  private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();
  private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();

  public FakeDns(@Value("${test.dns}") String table) throws UnknownHostException {
    for (String entry : table.split(";")) {
      String[] nameAnswers = entry.split("=", 2);
      List<List<InetAddress>> list = new ArrayList<>();
      for (String answer : nameAnswers[1].split("\\|")) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : answer.split(",")) {
          addresses.add(InetAddress.getByName(a.trim()));
        }
        list.add(addresses);
      }
      answers.put(nameAnswers[0].trim(), list);
    }
  }

  /** How many times a name was looked up, by any FakeDns. */
  public static int lookups(String name) {
    return LOOKUPS.getOrDefault(name, new AtomicInteger()).get();
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    List<List<InetAddress>> list = answers.get(host);
    if (list != null) {
      int n = LOOKUPS.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
      return list.get(Math.min(n, list.size() - 1));
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      return List.of(InetAddress.getByName(host)); // a literal (dotted, decimal or IPv6): no lookup
    }
    throw new UnknownHostException(host);
  }
}
