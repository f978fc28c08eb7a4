package io.jinference.sdk;

/**
 * One class's score in a classification.
 *
 * @param className the class's name
 * @param classId the class's index
 * @param confidence the score, 0 to 1
 */
public record ClassPrediction(String className, int classId, double confidence) {}
