package io.jinference.server.workflow.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block's declaration, the one place its identifier, aliases, fields and outputs are defined:
 * validation reads it, and so does the block description route.
 *
 * @param identifier {@code roboflow_core/<name>@v<N>}
 * @param aliases legacy type names
 * @param fields input fields by name
 * @param outputs output kinds by name
 * @param nestsOutputs its outputs are one level deeper than its inputs (one value per crop)
 */
public record BlockManifest(
    String identifier,
    List<String> aliases,
    Map<String, Field> fields,
    Map<String, Kind> outputs,
    boolean nestsOutputs) {

  /**
   * One input field.
   *
   * @param kind what it carries
   * @param required whether a step must set it
   * @param defaultValue used when a step does not set it (may be null)
   * @param wholeBatch the block takes a nested batch (one value per crop) in this field whole,
   *     instead of running once per element (Roboflow's dimensionality reduction)
   */
  public record Field(Kind kind, boolean required, Object defaultValue, boolean wholeBatch) {}

  /** Starts a manifest. */
  public static Builder of(String identifier, String... aliases) {
    return new Builder(identifier, List.of(aliases));
  }

  /** Builds a manifest field by field. */
  public static final class Builder {
    private final String identifier;
    private final List<String> aliases;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Kind> outputs = new LinkedHashMap<>();
    private boolean nestsOutputs;

    private Builder(String identifier, List<String> aliases) {
      this.identifier = identifier;
      this.aliases = aliases;
    }

    public Builder required(String name, Kind kind) {
      fields.put(name, new Field(kind, true, null, false));
      return this;
    }

    public Builder optional(String name, Kind kind, Object defaultValue) {
      fields.put(name, new Field(kind, false, defaultValue, false));
      return this;
    }

    /** Marks a declared field as taking a nested batch whole. */
    public Builder wholeBatch(String name) {
      Field f = fields.get(name);
      fields.put(name, new Field(f.kind(), f.required(), f.defaultValue(), true));
      return this;
    }

    public Builder output(String name, Kind kind) {
      outputs.put(name, kind);
      return this;
    }

    /** The outputs are a nested batch: one value per crop of each input element. */
    public Builder nestsOutputs() {
      nestsOutputs = true;
      return this;
    }

    public BlockManifest build() {
      return new BlockManifest(
          identifier, aliases, Map.copyOf(fields), Map.copyOf(outputs), nestsOutputs);
    }
  }
}
