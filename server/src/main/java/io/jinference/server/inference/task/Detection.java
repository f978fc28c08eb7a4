package io.jinference.server.inference.task;

/**
 * One detected object in original-image pixels (corners rounded to integers, as Roboflow).
 *
 * @param x1 left
 * @param y1 top
 * @param x2 right
 * @param y2 bottom
 * @param confidence the detection's confidence
 * @param classConfidence the best class score (equal to confidence for the detectors served here)
 * @param classId class index
 * @param className class name from the model package
 */
public record Detection(
    double x1,
    double y1,
    double x2,
    double y2,
    double confidence,
    double classConfidence,
    int classId,
    String className) {}
