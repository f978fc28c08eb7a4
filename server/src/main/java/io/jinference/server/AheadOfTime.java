package io.jinference.server;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.core.optim.StaticOptimizations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies what Micronaut AOT computed when the jar was built (server/aot.properties): the service
 * lists, known-missing and reactive types, the deduced environment, Netty's properties. About a
 * quarter of a second of every start (docs/benchmarks.md, cold start).
 *
 * <p>Micronaut applies AOT's output by itself, through service files, in any application that has
 * the jar on its class path. The build renames those files ({@link #LISTS}) so that only the
 * server's own {@code main} applies them: AOT's service lists are computed from the server's class
 * path, and an application embedding the server with beans of its own (tests, the SDK's examples)
 * would lose them. A jar built without AOT has no lists, and nothing happens.
 */
final class AheadOfTime {
  /** Where the build puts AOT's service files, under the names of the services they list. */
  static final String LISTS = "META-INF/jinference/aot/";

  private AheadOfTime() {}

  /**
   * The precomputed optimisations: before anything in Micronaut reads them (it refuses an
   * optimisation set after it was read), so before the application context's builder exists.
   */
  static void loadOptimizations() {
    for (StaticOptimizations.Loader<?> loader :
        instances(StaticOptimizations.Loader.class.getName(), StaticOptimizations.Loader.class)) {
      StaticOptimizations.set(loader.load());
    }
  }

  /** The precomputed configuration of the context: the deduced environment, Netty's properties. */
  static void configure(ApplicationContextBuilder builder) {
    for (ApplicationContextConfigurer configurer :
        instances(
            ApplicationContextConfigurer.class.getName(), ApplicationContextConfigurer.class)) {
      configurer.configure(builder);
    }
  }

  private static <T> List<T> instances(String service, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (String name : names(service)) {
      try {
        out.add(type.cast(Class.forName(name).getDeclaredConstructor().newInstance()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Micronaut AOT's " + name + " cannot be made", e);
      }
    }
    return out;
  }

  /** The class names a service file lists (one a line, # comments). */
  private static List<String> names(String service) {
    List<String> names = new ArrayList<>();
    try (InputStream in = AheadOfTime.class.getClassLoader().getResourceAsStream(LISTS + service)) {
      if (in == null) {
        return names;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String name = line.replaceAll("#.*", "").trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
