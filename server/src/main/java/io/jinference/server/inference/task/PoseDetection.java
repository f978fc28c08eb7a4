package io.jinference.server.inference.task;

import java.util.List;

/**
 * A detected object with its keypoints.
 *
 * @param box the object
 * @param keypoints keypoints at or above the requested keypoint confidence, named by the object's
 *     class
 */
public record PoseDetection(Detection box, List<Keypoint> keypoints) {}
