package org.mammoai.node.imaging;

/** An 8-bit grayscale picture for people to look at (the overlay's background), row-major. */
public record GrayImage(int width, int height, byte[] pixels) {}
