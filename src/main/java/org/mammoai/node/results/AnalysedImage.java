package org.mammoai.node.results;

import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageFindings;

/** One analysed image of a study and what the model found on it: what a study-level report is made of. */
public record AnalysedImage(SourceImage image, ImageFindings findings) {}
