package io.jinference.server.workflow;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every block this server runs, by identifier and by legacy alias. */
@Singleton
final class BlockRegistry {
  private final Map<String, Block> byType = new HashMap<>();
  private final List<String> identifiers = new ArrayList<>();

  BlockRegistry(List<Block> blocks, CoreBlocks.ModelBlocks modelBlocks,
      CoreBlocks.VisualizationBlocks visualizationBlocks) {
    List<Block> all = new ArrayList<>(blocks);
    all.addAll(modelBlocks.blocks());
    all.addAll(visualizationBlocks.blocks());
    for (Block b : all) {
      byType.put(b.manifest().identifier(), b);
      identifiers.add(b.manifest().identifier());
      b.manifest().aliases().forEach(a -> byType.put(a, b));
    }
    identifiers.sort(String::compareTo);
  }

  /** Every block once, by identifier. */
  List<Block> blocks() {
    List<Block> list = new ArrayList<>();
    identifiers.forEach(id -> list.add(byType.get(id)));
    return list;
  }

  Block find(String type) {
    return byType.get(type);
  }

  List<String> identifiers() {
    return identifiers;
  }
}
