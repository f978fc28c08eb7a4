package io.jinference.server.workflow.blocks;

import jakarta.inject.Singleton;
import java.util.Set;

/**
 * {@code roboflow_core/detections_transformation@v1}: detections through a list of query-language
 * operations that give detections ({@code DetectionsFilter}, {@code SortDetections}, {@code
 * DetectionsSelection}, {@code DetectionsOffset}, {@code DetectionsShift}, {@code
 * DetectionsRename}), with named {@code operations_parameters}.
 */
@Singleton
final class DetectionsTransformationBlock extends DetectionsOperationsBlock {
  DetectionsTransformationBlock() {
    super(
        "roboflow_core/detections_transformation@v1",
        "DetectionsTransformation",
        Set.of(
            "DetectionsFilter",
            "SortDetections",
            "DetectionsSelection",
            "DetectionsOffset",
            "DetectionsShift",
            "DetectionsRename"));
  }
}
