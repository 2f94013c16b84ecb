package org.mammoai.node.inference;

/**
 * One lesion's pixels on the original image grid, kept as its bounding box only (a full-field mammogram
 * is 26 MP; a lesion's box a tiny part of that).
 *
 * @param inside row-major width x height, non-zero where the lesion is
 */
public record LesionMask(int x, int y, int width, int height, byte[] inside) {

    public boolean contains(int column, int row) {
        int cx = column - x, cy = row - y;
        return cx >= 0 && cy >= 0 && cx < width && cy < height && inside[cy * width + cx] != 0;
    }

    public int area() {
        int n = 0;
        for (byte b : inside) if (b != 0) n++;
        return n;
    }
}
