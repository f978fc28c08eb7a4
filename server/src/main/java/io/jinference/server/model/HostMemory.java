package io.jinference.server.model;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The fraction of memory still free for this server: the host's available memory ({@code
 * MemAvailable} of {@code /proc/meminfo}) over its total, or, inside a container with a memory
 * limit (cgroup v2), the room left under the limit, whichever is smaller. {@code
 * MEMORY_FREE_THRESHOLD} evicts models when it falls below the setting, as Roboflow's server does
 * with GPU memory.
 *
 * <pre>{@code
 * double free = hostMemory.freeFraction(); // 1.0 where nothing can be read
 * }</pre>
 */
@Singleton
public class HostMemory {
  private final Path meminfo;
  private final Path cgroup;

  public HostMemory() {
    this(Path.of("/proc/meminfo"), Path.of("/sys/fs/cgroup"));
  }

  HostMemory(Path meminfo, Path cgroup) {
    this.meminfo = meminfo;
    this.cgroup = cgroup;
  }

  /** Free memory over total, in [0, 1]; 1 where the system tells nothing (not Linux). */
  public double freeFraction() {
    double host = host().orElse(1.0);
    double limited = container().orElse(1.0);
    return Math.max(0, Math.min(host, limited));
  }

  private OptionalDouble host() {
    try {
      long total = -1;
      long available = -1;
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          total = kilobytes(line);
        } else if (line.startsWith("MemAvailable:")) {
          available = kilobytes(line);
        }
      }
      return total > 0 && available >= 0
          ? OptionalDouble.of(available / (double) total)
          : OptionalDouble.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  private OptionalDouble container() {
    try {
      String max = Files.readString(cgroup.resolve("memory.max")).trim();
      if (max.equals("max")) {
        return OptionalDouble.empty();
      }
      long limit = Long.parseLong(max);
      long current = Long.parseLong(Files.readString(cgroup.resolve("memory.current")).trim());
      return limit > 0
          ? OptionalDouble.of(Math.max(0, limit - current) / (double) limit)
          : OptionalDouble.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  private static long kilobytes(String line) {
    String[] parts = line.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }
}
