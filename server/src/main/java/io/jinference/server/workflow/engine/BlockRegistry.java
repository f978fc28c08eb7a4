package io.jinference.server.workflow.engine;

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

  BlockRegistry(List<Block> blocks, List<Block.Group> groups) {
    List<Block> all = new ArrayList<>(blocks);
    groups.forEach(g -> all.addAll(g.blocks()));
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
