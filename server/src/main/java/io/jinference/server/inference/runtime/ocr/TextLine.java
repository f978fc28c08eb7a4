package io.jinference.server.inference.runtime.ocr;

/**
 * One line of text read from an image.
 *
 * @param corners the line's box, four corners clockwise from the top left, in the image's pixels
 * @param text what it reads
 * @param confidence the recogniser's mean certainty over the line's characters, 0 to 1
 */
public record TextLine(float[][] corners, String text, double confidence) {}
