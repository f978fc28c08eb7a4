package io.jinference.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free memory read from files shaped as Linux writes them, with values chosen here. */
class HostMemoryTest {
  @TempDir Path dir;

  private Path meminfo(long totalKb, long availableKb) throws Exception {
    return Files.writeString(
        dir.resolve("meminfo"),
        "MemTotal:       "
            + totalKb
            + " kB\nMemFree:          100 kB\nMemAvailable:   "
            + availableKb
            + " kB\nBuffers:           10 kB\n");
  }

  @Test
  void theHostsAvailableOverTotal() throws Exception {
    Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
    Files.writeString(cgroup.resolve("memory.max"), "max\n");
    assertEquals(0.25, new HostMemory(meminfo(8_000_000, 2_000_000), cgroup).freeFraction(), 1e-9);
  }

  @Test
  void aContainersLimitWhenItIsTighter() throws Exception {
    Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
    Files.writeString(cgroup.resolve("memory.max"), "1073741824\n"); // 1 GiB
    Files.writeString(cgroup.resolve("memory.current"), "966367641\n"); // 0.9 GiB
    assertEquals(0.1, new HostMemory(meminfo(8_000_000, 6_000_000), cgroup).freeFraction(), 1e-6);
    // the host tighter than the limit
    assertEquals(0.05, new HostMemory(meminfo(8_000_000, 400_000), cgroup).freeFraction(), 1e-9);
  }

  @Test
  void nothingReadableIsAllFree() {
    assertEquals(
        1.0, new HostMemory(dir.resolve("none"), dir.resolve("nothing")).freeFraction(), 1e-9);
  }
}
