package io.jinference.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow to run: saved in a workspace ({@link Builder#workspace} and {@link
 * Builder#workflowId}) or given as a specification, with its image inputs and parameters, as
 * Roboflow's Python {@code run_workflow}.
 *
 * <pre>{@code
 * WorkflowResult r = client.runWorkflow(WorkflowRequest.builder()
 *     .workspace("my-workspace").workflowId("count-people")
 *     .image("image", ImageSource.path(Path.of("crowd.jpg")))
 *     .parameter("confidence", 0.4)
 *     .build());
 * }</pre>
 */
public final class WorkflowRequest {
  private final String workspace;
  private final String workflowId;
  private final Map<String, Object> specification;
  private final Map<String, ImageSource> images;
  private final Map<String, Object> parameters;
  private final List<String> excludedFields;
  private final boolean useCache;
  private final String workflowVersionId;

  private WorkflowRequest(Builder b) {
    this.workspace = b.workspace;
    this.workflowId = b.workflowId;
    this.specification =
        b.specification == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.specification));
    this.images = Collections.unmodifiableMap(new LinkedHashMap<>(b.images));
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.excludedFields = Collections.unmodifiableList(new ArrayList<>(b.excludedFields));
    this.useCache = b.useCache;
    this.workflowVersionId = b.workflowVersionId;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The workspace.
   *
   * @return the workspace
   */
  public String workspace() {
    return workspace;
  }

  /**
   * The workflow id.
   *
   * @return the workflow id
   */
  public String workflowId() {
    return workflowId;
  }

  /**
   * The specification.
   *
   * @return the specification
   */
  public Map<String, Object> specification() {
    return specification;
  }

  /**
   * The images.
   *
   * @return the images
   */
  public Map<String, ImageSource> images() {
    return images;
  }

  /**
   * The parameters.
   *
   * @return the parameters
   */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /**
   * The excluded fields.
   *
   * @return one result per image, in order
   */
  public List<String> excludedFields() {
    return excludedFields;
  }

  /**
   * The use cache.
   *
   * @return whether the server may use its cached workflow definition
   */
  public boolean useCache() {
    return useCache;
  }

  /**
   * The workflow version id.
   *
   * @return the workflow version id
   */
  public String workflowVersionId() {
    return workflowVersionId;
  }

  /**
   * Builds a {@link WorkflowRequest}: exactly one of (workspace and workflow id) or a
   * specification.
   */
  public static final class Builder {
    private String workspace;
    private String workflowId;
    private Map<String, Object> specification;
    private final Map<String, ImageSource> images = new LinkedHashMap<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<String> excludedFields = new ArrayList<>();
    private boolean useCache = true;
    private String workflowVersionId;

    private Builder() {}

    /**
     * Sets {@link WorkflowRequest#workspace()}.
     *
     * @param workspace the Roboflow workspace's name
     * @return this builder
     */
    public Builder workspace(String workspace) {
      this.workspace = workspace;
      return this;
    }

    /**
     * Sets {@link WorkflowRequest#workflowId()}.
     *
     * @param workflowId the workflow's id
     * @return this builder
     */
    public Builder workflowId(String workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /**
     * The workflow definition ({@code version}, {@code inputs}, {@code steps}, {@code outputs}).
     *
     * @param specification the workflow specification, as maps, lists and values
     * @return this builder
     */
    public Builder specification(Map<String, Object> specification) {
      this.specification = specification;
      return this;
    }

    /**
     * Sets an image input of the workflow.
     *
     * @param inputName the workflow input's name
     * @param image the image
     * @return this builder
     */
    public Builder image(String inputName, ImageSource image) {
      images.put(Objects.requireNonNull(inputName), Objects.requireNonNull(image));
      return this;
    }

    /**
     * Sets a non-image input of the workflow.
     *
     * @param name the workflow input's name
     * @param value the input's value
     * @return this builder
     */
    public Builder parameter(String name, Object value) {
      parameters.put(Objects.requireNonNull(name), value);
      return this;
    }

    /**
     * Sets {@link WorkflowRequest#excludedFields()}.
     *
     * @param fields workflow outputs to leave out of the answer
     * @return this builder
     */
    public Builder excludedFields(List<String> fields) {
      excludedFields.clear();
      excludedFields.addAll(fields);
      return this;
    }

    /**
     * Sets {@link WorkflowRequest#useCache()}.
     *
     * @param useCache whether the server may use its cached workflow definition
     * @return this builder
     */
    public Builder useCache(boolean useCache) {
      this.useCache = useCache;
      return this;
    }

    /**
     * Sets {@link WorkflowRequest#workflowVersionId()}.
     *
     * @param workflowVersionId the workflow version's id
     * @return this builder
     */
    public Builder workflowVersionId(String workflowVersionId) {
      this.workflowVersionId = workflowVersionId;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public WorkflowRequest build() {
      boolean saved = workspace != null && workflowId != null;
      if (saved == (specification != null)) {
        throw new InvalidInputException(
            "A workflow request needs either workspace and workflowId, or a specification.");
      }
      return new WorkflowRequest(this);
    }
  }
}
