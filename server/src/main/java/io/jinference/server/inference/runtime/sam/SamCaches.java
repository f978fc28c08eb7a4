package io.jinference.server.inference.runtime.sam;

import io.jinference.server.model.ModelId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Segment Anything's two bounded caches, both least recently used first out: image embeddings by
 * model and {@code image_id}, and the low-resolution logits of answered prompt sets by model,
 * {@code image_id} and prompts (for {@code load_logits_from_cache}).
 */
final class SamCaches {
  /** The logits of one answered prompt set, one 256 x 256 array per prompt. */
  record Logits(List<SamPrompt> prompts, float[][] lowRes) {}

  private final Lru<String, SamEmbedding> embeddings;
  private final Lru<String, Logits> logits;

  SamCaches(int maxEmbeddings, int maxLogits) {
    this.embeddings = new Lru<>(maxEmbeddings);
    this.logits = new Lru<>(maxLogits);
  }

  Optional<SamEmbedding> embedding(ModelId model, String imageId) {
    return Optional.ofNullable(embeddings.get(model + "\n" + imageId));
  }

  void keep(ModelId model, SamEmbedding e) {
    embeddings.put(model + "\n" + e.imageId(), e);
  }

  void keep(ModelId model, String imageId, List<SamPrompt> prompts, float[][] lowRes) {
    logits.put(key(model, imageId, prompts), new Logits(List.copyOf(prompts), lowRes));
  }

  /** The logits kept for exactly these prompts. */
  Optional<float[][]> exactly(ModelId model, String imageId, List<SamPrompt> prompts) {
    return Optional.ofNullable(logits.get(key(model, imageId, prompts))).map(Logits::lowRes);
  }

  private static String key(ModelId model, String imageId, List<SamPrompt> prompts) {
    return model + "\n" + imageId + "\n" + prompts.stream().map(SamPrompt::key).toList();
  }

  /**
   * Roboflow's search: among the kept prompt sets of this image, one that {@code prompts} extends
   * (here: as many prompts, each extending its kept counterpart, the sets not equal); the one with
   * one point fewer wins at once, else the one with the most points.
   */
  Optional<float[][]> prior(ModelId model, String imageId, List<SamPrompt> prompts) {
    String prefix = model + "\n" + imageId + "\n";
    int wanted = points(prompts) - 1;
    Logits best = null;
    for (Map.Entry<String, Logits> e : logits.entriesNewestFirst()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      Logits kept = e.getValue();
      if (!extendsSet(prompts, kept.prompts())) {
        continue;
      }
      int size = points(kept.prompts());
      if (size == wanted) {
        return Optional.of(kept.lowRes());
      }
      if (best == null || size > points(best.prompts())) {
        best = kept;
      }
    }
    return Optional.ofNullable(best).map(Logits::lowRes);
  }

  /** Drops everything kept for the model (it was unloaded). */
  void forget(ModelId model) {
    String prefix = model + "\n";
    embeddings.removeIf(k -> k.startsWith(prefix));
    logits.removeIf(k -> k.startsWith(prefix));
  }

  private static boolean extendsSet(List<SamPrompt> later, List<SamPrompt> earlier) {
    if (later.size() != earlier.size() || later.equals(earlier)) {
      return false;
    }
    for (int i = 0; i < later.size(); i++) {
      if (!later.get(i).extendsPrompt(earlier.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static int points(List<SamPrompt> prompts) {
    return prompts.stream().mapToInt(p -> p.points().size()).sum();
  }

  /** A map of at most {@code max} entries that drops the least recently used. */
  private static final class Lru<K, V> {
    private final int max;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);

    Lru(int max) {
      this.max = Math.max(0, max);
    }

    synchronized V get(K key) {
      return map.get(key);
    }

    synchronized void put(K key, V value) {
      if (max == 0) {
        return;
      }
      map.put(key, value);
      var it = map.entrySet().iterator();
      while (map.size() > max && it.hasNext()) {
        it.next();
        it.remove();
      }
    }

    synchronized List<Map.Entry<K, V>> entriesNewestFirst() {
      List<Map.Entry<K, V>> all = new ArrayList<>();
      map.forEach((k, v) -> all.add(Map.entry(k, v)));
      java.util.Collections.reverse(all);
      return all;
    }

    synchronized void removeIf(java.util.function.Predicate<K> drop) {
      map.keySet().removeIf(drop);
    }
  }
}
