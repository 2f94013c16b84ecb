package org.mammoai.node.inference;

/**
 * One lesion: a connected region of the thresholded lesion mask, in original image pixels
 * (column x, row y; outline points at pixel centres, closed: the last point repeats the first).
 *
 * @param score certainty of the mark, 0..1: its peak lesion probability, times P(abnormal) for models with an
 *              operating point ({@link MarkScore})
 * @param areaMm2 null when the image gives no pixel spacing
 */
public record Lesion(int number, LesionClass lesionClass, double score, int areaPixels, Double areaMm2,
                     int x, int y, int width, int height, double centroidX, double centroidY, float[] outline) {}
