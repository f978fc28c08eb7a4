package io.jinference.server.image;

import io.micronaut.context.annotation.DefaultImplementation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Host name to addresses, for image URLs: {@link UrlPolicy} checks what it answers and the fetch
 * connects to those same addresses. A bean, so that tests can stand in a DNS whose answers change.
 */
@DefaultImplementation(HostResolver.Default.class)
public interface HostResolver {
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (the operating system's, with the JVM's short positive cache). */
  @jakarta.inject.Singleton
  final class Default implements HostResolver {
    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      return List.of(InetAddress.getAllByName(host));
    }
  }
}
