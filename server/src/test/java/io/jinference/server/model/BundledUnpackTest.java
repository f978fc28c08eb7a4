package io.jinference.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two loads of a bundled model may unpack it at once (a request after /model/clear while the first
 * load still unpacks, or two replicas on one cache): the one that moves its copy second finds the
 * model in place, which is success, and leaves no temporary directory behind.
 */
class BundledUnpackTest {
  @TempDir Path cache;

  @Test
  void theSecondUnpackOfARaceFindsTheModelInPlace() throws Exception {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of("model.cache.dir", cache.toString(), "micronaut.server.enabled", false))) {
      ModelStore store = ctx.getBean(ModelStore.class);
      ModelId id = ModelId.parse("coco-nanodet/1");
      Path dir = store.directoryOf(id);
      assertTrue(store.unpackBundled(id, dir)); // the first unpack puts it in place
      // the loser of the race: its check ran before the winner's move, its move comes after
      assertTrue(store.unpackBundled(id, dir));
      assertEquals("coco-nanodet/1", store.open(id, null).id().toString());
      try (Stream<Path> left = Files.list(dir.getParent())) {
        assertEquals(1, left.count(), "only the model's directory, no .unpack-* left over");
      }
    }
  }
}
