package io.jinference.server.workflow.blocks;

import jakarta.inject.Singleton;
import java.util.Set;

/**
 * {@code roboflow_core/detections_filter@v1}: keeps the detections for which a query-language
 * statement holds ({@code operations: [{"type": "DetectionsFilter", "filter_operation": ...}]},
 * with named {@code operations_parameters}). Masks and keypoints stay with their detections.
 */
@Singleton
final class DetectionsFilterBlock extends DetectionsOperationsBlock {
  DetectionsFilterBlock() {
    super("roboflow_core/detections_filter@v1", "DetectionsFilter", Set.of("DetectionsFilter"));
  }
}
