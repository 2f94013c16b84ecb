package org.mammoai.node.training;

import java.util.Map;

/** The evaluation report as markdown, from the same map that is written as JSON. */
final class ModelReport {
    private ModelReport() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> report) {
        Map<String, Object> test = (Map<String, Object>) report.get("test");
        Map<String, Object> training = (Map<String, Object>) report.get("training");
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: ").append(report.get("model")).append("\n\n");
        md.append("Held-out test set (never used for choices). 95% intervals: percentile bootstrap over images, 1000 resamples.\n\n");
        md.append("| metric | value | 95% CI |\n|---|---|---|\n");
        for (String k : new String[] {"dice", "iou", "accuracy", "malignantVsRestAuc", "abnormalVsNormalAuc"}) {
            Map<String, Double> v = (Map<String, Double>) test.get(k);
            md.append(String.format("| %s | %.3f | %.3f - %.3f |%n", k, v.get("value"), v.get("ci95Low"), v.get("ci95High")));
        }
        md.append(String.format("| pixelPrecision | %.3f | |%n| pixelRecall | %.3f | |%n", test.get("pixelPrecision"), test.get("pixelRecall")));
        if (test.get("froc") instanceof Map<?, ?> froc) {
            for (String k : new String[] {"reportedClassAccuracy", "abnormalVsNormalAucOfMarkScore", "falseMarksPerNormalImage"}) {
                Map<String, Double> v = (Map<String, Double>) test.get(k);
                if (v == null) continue; // reports written before the key existed
                md.append(String.format("| %s | %.3f | %.3f - %.3f |%n", k, v.get("value"), v.get("ci95Low"), v.get("ci95High")));
            }
            for (Map.Entry<?, ?> e : froc.entrySet()) {
                Map<String, Double> v = (Map<String, Double>) e.getValue();
                md.append(String.format("| FROC %s | %.3f | %.3f - %.3f |%n", e.getKey(), v.get("value"), v.get("ci95Low"), v.get("ci95High")));
            }
            Map<String, Object> calibration = (Map<String, Object>) test.get("calibration");
            md.append(String.format("| class head ECE (10 bins) | %.3f | |%n", ((Number) calibration.get("expectedCalibrationError")).doubleValue()));
            Map<String, Object> op = (Map<String, Object>) test.get("operatingPoint");
            md.append(String.format("%nOperating point (chosen on the validation set): mark score >= %.3f (mark score = peak lesion "
                    + "probability x P(abnormal)); on the test set it finds %.3f of lesions with %.3f false marks per image. "
                    + "An image with no mark shown is reported normal: `reportedClassAccuracy` is the 3-class accuracy of that "
                    + "report; `accuracy` is the class head's own argmax; `abnormalVsNormalAucOfMarkScore` ranks images by their highest "
                    + "mark score, the evidence that report is decided on.%n", ((Number) op.get("markThreshold")).doubleValue(),
                    ((Number) op.get("lesionSensitivity")).doubleValue(), ((Number) op.get("falseMarksPerImage")).doubleValue()));
        }
        md.append("\nRecall per class: ").append(test.get("recallPerClass")).append("\n\n");
        int[][] cm = (int[][]) test.get("confusionMatrix(rows=true,cols=predicted;normal,benign,malignant)");
        md.append("Confusion matrix (rows: true, columns: predicted)\n\n| | normal | benign | malignant |\n|---|---|---|---|\n");
        String[] names = {"normal", "benign", "malignant"};
        for (int r = 0; r < 3; r++) md.append(String.format("| %s | %d | %d | %d |%n", names[r], cm[r][0], cm[r][1], cm[r][2]));
        md.append(String.format("%nImages: %s (with lesions: %s). Inference: %.1f ms per image (median, CPU, %s cores).%n",
                test.get("images"), test.get("lesionImages"), test.get("inferenceMsPerImageMedian"), training.get("cores")));
        md.append(String.format("Training: %s epochs, best on validation: epoch %s, %.0f s.%n", training.get("epochs"),
                training.get("bestEpoch"), ((Number) training.get("trainSeconds")).doubleValue()));
        if (training.get("weightAverage") instanceof Map<?, ?> avg) {
            md.append(String.format("Weights averaged over %s epochs from epoch %s: validation Dice %.3f, accuracy %.3f; %s.%n", avg.get("epochs"),
                    avg.get("fromEpoch"), ((Number) avg.get("valDice")).doubleValue(), ((Number) avg.get("valAccuracy")).doubleValue(),
                    Boolean.TRUE.equals(avg.get("chosen")) ? "these averaged weights are the exported model (they scored higher than the best epoch)"
                            : "not used (the best single epoch scored higher)"));
        }
        if (Boolean.TRUE.equals(report.get("mirrorAveraged"))) {
            md.append("Each image is predicted together with its left-right mirror and the two answers averaged (chosen on the validation set).\n");
        }
        md.append("\nData: ").append(report.get("data")).append("\n\nOptions: ").append(report.get("options")).append("\n");
        md.append("\n![test masks: green truth, red prediction](test-masks.png)\n");
        return md.toString();
    }

    /** The model card shipped next to the SavedModel. */
    @SuppressWarnings("unchecked")
    static String card(Map<String, Object> report, String dataset, int size) {
        Map<String, Object> test = (Map<String, Object>) report.get("test");
        boolean busi = dataset.equals("busi");
        StringBuilder md = new StringBuilder();
        md.append("# Model card: ").append(report.get("model")).append("\n\n");
        md.append("**Research use only. Not a medical device; not for diagnosis.**\n\n");
        boolean pretrained = String.valueOf(report.get("options")).contains("arch=mobilenet");
        md.append("## What it does\n").append(pretrained
                ? "U-Net with an ImageNet-pretrained MobileNetV2 encoder (TensorFlow Java, fine-tuned in Java): per-pixel lesion probability and\n"
                : "Multi-task U-Net (TensorFlow Java, trained from scratch in Java): per-pixel lesion probability and\n")
          .append("normal / benign / malignant class probabilities for one ").append(busi ? "breast ultrasound image" : "mammogram")
          .append(".\nSavedModel signature `serving_default`: input `image` float32 [n, ").append(size).append(", ").append(size)
          .append(", 1] in [0, 1]; outputs `mask` [n, ").append(size).append(", ").append(size).append(", 1] and `class_probs` [n, 3].\n\n");
        md.append("## Data\n");
        md.append(switch (dataset) {
            case "busi" -> "BUSI (Al-Dhabyani et al., Data in Brief 2020). Exact and near-duplicate images (dHash) are grouped and kept once; copies with conflicting classes are dropped.\n";
            case "cbis" -> "CBIS-DDSM (Lee et al., Sci Data 2017; TCIA, CC BY 3.0): full mammograms with the OR of their abnormalities' ROI masks; the official test set is ours, validation is drawn by patient from the official training set.\n";
            default -> "mini-MIAS (Suckling et al. 1994), research-use licence. Lesion masks are the Info.txt circles (y counted from the bottom); abnormal films without coordinates are left out. Left/right films of one patient stay in one split.\n";
        });
        md.append("Counts: ").append(report.get("data")).append(".\n");
        if (pretrained) {
            md.append("Encoder initialisation: MobileNetV2 1.0/224 ImageNet weights from the TF-slim checkpoint `mobilenet_v2_1.0_224.ckpt` "
                    + "(tensorflow/models, Apache License 2.0), as extracted by JonathanCMitchell/mobilenet_v2_keras (MIT). The exported "
                    + "SavedModel carries the fine-tuned weights; the .npy files are a training input only.\n");
        }
        md.append(switch (dataset) {
            case "busi" -> "Licence of the data: BUSI is published openly with its article (cite it); check its terms before any use beyond research.\n";
            case "cbis" -> "Licence of the data: CBIS-DDSM, CC BY 3.0 (cite Lee et al. 2017 and TCIA).\n";
            default -> "Licence of the data: mini-MIAS is for research use only (see its Licence.txt); cite it.\n";
        });
        if (report.get("options") != null && String.valueOf(report.get("options")).matches(".*canvas=[1-9].*")) {
            md.append("Tile detector: images are preprocessed at the canvas size in `model.json`; the network was trained on tiles of its input size "
                    + "cut around lesions and from lesion-free tissue, and runs on half-overlapping tiles over the breast (`inference.TiledDetector`).\n");
        }
        md.append("Split: `split.csv` (train/val/test by patient or duplicate group, stratified by class, seeded). The test set was used only for this report.\n\n");
        md.append("## Preprocessing (shared with inference: `org.mammoai.node.imaging.Preprocessor`)\n")
          .append("Min-max normalisation to 8 bit; ").append(busi ? "crop to the scan area inside the dark border" : "crop to the breast (largest bright component, which also removes labels and markers), flip so the chest wall is on the left")
          .append("; CLAHE (clip 2, 8x8 tiles); pad to a square; resize to ").append(size).append(" px.\n\n");
        md.append("## Intended use\nResearch and evaluation of a DICOM AI pipeline: it marks suspected lesions on ").append(busi ? "breast ultrasound images" : "mammograms")
          .append(" and gives a normal / benign / malignant estimate, for a reader who sees the image. Not for screening decisions, triage or diagnosis.\n\n");
        md.append("## Training\n").append(String.format("On this project's 2-core CPU machine: %s epochs, %.0f minutes of training.%n%n",
                ((Map<String, Object>) report.get("training")).get("epochs"),
                ((Number) ((Map<String, Object>) report.get("training")).get("trainSeconds")).doubleValue() / 60));
        md.append("## Test results\nSee `evaluation.md` / `evaluation.json` and `test-masks.png`.\n\n");
        md.append(markdown(report).lines().skip(2).map(l -> l + "\n").reduce("", String::concat));
        md.append("\n## Limits and failure modes\n- Small data, trained on CPU; see the intervals above before trusting any number.\n")
          .append("- Marks follow bright/dark blobs: expect false marks on ").append(busi ? "shadowing, cysts and calliper or text overlays" : "dense tissue, the nipple, clips and markers")
          .append(", and missed lesions that are small relative to the ").append(size).append(" px input.\n")
          .append("- Class probabilities are not calibrated risks (see ECE).\n");
        md.append(busi ? "- Ultrasound from one site and one vendor era (Egypt, 2018); other scanners may differ.\n"
                : "- Digitised film (1990s, UK), 200 micron pixels: not representative of modern digital mammography (FFDM/DBT).\n- Circles over-segment irregular lesions; Dice against them is approximate.\n");
        md.append("- Not validated prospectively or clinically. Use only for research.\n");
        return md.toString();
    }
}
