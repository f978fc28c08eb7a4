package io.jinference.server.inference.task;

import java.util.List;

/**
 * A detected object with its mask, as a polygon or as COCO RLE.
 *
 * @param box the object
 * @param polygon vertices {@code [x, y]} in original pixels (empty when the mask is empty), or null
 *     with RLE
 * @param rleCounts COCO's compressed RLE string (column-major over the original image), or null
 *     with polygons
 * @param rleHeight original image height, for the RLE's {@code size}
 * @param rleWidth original image width
 */
public record SegmentedDetection(
    Detection box, List<double[]> polygon, String rleCounts, int rleHeight, int rleWidth) {}
