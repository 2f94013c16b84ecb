package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.testing.SyntheticDicom;

/**
 * A tiny tree in CBIS-DDSM's official layout (the four case-description CSVs, quoted paths with line breaks, DICOM
 * images and masks or their PNG conversions) is read as the real one would be, and the tile detector trains on it.
 */
class CbisDdsmTest {
    static final String MASS_HEADER = "patient_id,breast_density,left or right breast,image view,abnormality id,abnormality type,"
            + "mass shape,mass margins,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path";
    static final String CALC_HEADER = "patient_id,breast density,left or right breast,image view,abnormality id,abnormality type,"
            + "calc type,calc distribution,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path";

    @TempDir
    Path dir;

    @Test
    void officialLayoutIsReadAndTheDetectorTrainsOnIt() throws Exception {
        Path cbis = Files.createDirectories(dir.resolve("data/cbis-ddsm"));
        Files.writeString(cbis.resolve("mass_case_description_train_set.csv"), MASS_HEADER + "\n"
                + row(cbis, "P_00001", "LEFT", "CC", 1, "mass", "MALIGNANT", "Mass-Training_P_00001_LEFT_CC", true, 40)
                + row(cbis, "P_00002", "RIGHT", "MLO", 1, "mass", "BENIGN", "Mass-Training_P_00002_RIGHT_MLO", false, 40)
                + row(cbis, "P_00002", "RIGHT", "MLO", 2, "mass", "MALIGNANT", "Mass-Training_P_00002_RIGHT_MLO", false, 70));
        Files.writeString(cbis.resolve("calc_case_description_train_set.csv"), CALC_HEADER + "\n"
                + row(cbis, "P_00003", "LEFT", "MLO", 1, "calcification", "BENIGN_WITHOUT_CALLBACK", "Calc-Training_P_00003_LEFT_MLO", true, 50)
                + row(cbis, "P_00006", "LEFT", "CC", 1, "calcification", "BENIGN", "Calc-Training_P_00006_LEFT_CC", false, 45)
                + row(cbis, "P_00007", "RIGHT", "CC", 1, "calcification", "MALIGNANT", "Calc-Training_P_00007_RIGHT_CC", false, 45));
        Files.writeString(cbis.resolve("mass_case_description_test_set.csv"), MASS_HEADER + "\n"
                + row(cbis, "P_00004", "LEFT", "CC", 1, "mass", "MALIGNANT", "Mass-Test_P_00004_LEFT_CC", true, 40));
        Files.writeString(cbis.resolve("calc_case_description_test_set.csv"), CALC_HEADER + "\n"
                + row(cbis, "P_00005", "RIGHT", "CC", 1, "calcification", "BENIGN", "Calc-Test_P_00005_RIGHT_CC", false, 60));

        CbisDdsmDataset.Loaded loaded = CbisDdsmDataset.load(cbis);
        assertThat(loaded.abnormalities()).isEqualTo(8);
        assertThat(loaded.cases()).hasSize(7);
        Case two = loaded.cases().stream().filter(c -> c.id().equals("Mass-Training_P_00002_RIGHT_MLO")).findFirst().orElseThrow();
        assertThat(two.maskFiles()).hasSize(2);
        assertThat(two.label()).as("malignant when any abnormality is").isEqualTo(LesionClass.MALIGNANT);
        assertThat(two.group()).isEqualTo("P_00002");
        assertThat(loaded.officialTest()).containsExactlyInAnyOrder("Mass-Test_P_00004_LEFT_CC", "Calc-Test_P_00005_RIGHT_CC");

        SyntheticMobileNetWeights.write(dir.resolve("weights"), 2);
        TrainCommand.main(new String[] {"--dataset", "cbis", "--data", dir.resolve("data").toString(), "--models", dir.resolve("models").toString(),
                "--work", dir.resolve("work").toString(), "--pretrained", dir.resolve("weights").toString(), "--canvas", "96", "--size", "32",
                "--epochs", "1", "--freeze-epochs", "1", "--batch", "4", "--tiles-per-lesion", "2", "--normal-tiles", "2"});

        Path model = dir.resolve("models/cbis-mammography");
        JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(info.get("canvasSize").asInt()).isEqualTo(96);
        assertThat(info.get("inputSize").asInt()).isEqualTo(32);
        assertThat(info.get("markThreshold").isNumber()).isTrue();
        List<String> testRows = Files.readAllLines(model.resolve("split.csv")).stream().filter(l -> l.endsWith(",test")).toList();
        assertThat(testRows).hasSize(2).allMatch(l -> l.contains("-Test_"));
        JsonNode test = new ObjectMapper().readTree(model.resolve("evaluation.json").toFile()).get("test");
        assertThat(test.get("images").asInt()).isEqualTo(2);
        assertThat(test.get("froc").has("sensitivityAt1FpPerImage")).isTrue();
        assertThat(Files.exists(model.resolve("saved_model/saved_model.pb"))).isTrue();

        // --existing: a model shipped without an operating point gets one, its weights and training record untouched
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) info;
        old.remove("markThreshold");
        json.writeValue(model.resolve("model.json").toFile(), old);
        JsonNode trainedReport = json.readTree(model.resolve("evaluation.json").toFile());
        byte[] weights = Files.readAllBytes(model.resolve("saved_model/variables/variables.data-00000-of-00001"));
        TrainCommand.main(new String[] {"--dataset", "cbis", "--data", dir.resolve("data").toString(), "--models", dir.resolve("models").toString(),
                "--existing", "true", "--max-false-marks-per-normal", "1"});
        assertThat(json.readTree(model.resolve("model.json").toFile()).get("markThreshold").isNumber()).isTrue();
        assertThat(json.readTree(model.resolve("model.json").toFile()).get("canvasSize").asInt()).isEqualTo(96);
        JsonNode revised = json.readTree(model.resolve("evaluation.json").toFile());
        assertThat(revised.get("created")).isEqualTo(trainedReport.get("created"));
        assertThat(revised.get("training")).isEqualTo(trainedReport.get("training"));
        assertThat(revised.get("options")).isEqualTo(trainedReport.get("options"));
        assertThat(revised.get("operatingPointAdded").asText()).isNotBlank();
        assertThat(revised.get("test").get("operatingPoint").get("markThreshold").asDouble())
                .isEqualTo(json.readTree(model.resolve("model.json").toFile()).get("markThreshold").asDouble());
        assertThat(Files.readAllBytes(model.resolve("saved_model/variables/variables.data-00000-of-00001"))).isEqualTo(weights);
    }

    @Test
    void aFolderWithoutTheCsvFilesSaysSo() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> CbisDdsmDataset.load(dir.resolve("empty"))).hasMessageContaining("not the CBIS-DDSM layout");
    }

    /** One CSV row; writes its full image (DICOM, or a PNG conversion) and ROI mask (a disc at x, mid-height). */
    private static String row(Path cbis, String patient, String side, String view, int abnormality, String type, String pathology,
                              String folder, boolean dicom, int x) throws Exception {
        String image = folder + "/1.3.6.1.4.1.9590.100.1.2.1/1.3.6.1.4.1.9590.100.1.2.2/000000.dcm";
        String mask = folder + "_" + abnormality + "/1.3.6.1.4.1.9590.100.1.2.3/1.3.6.1.4.1.9590.100.1.2.4/000001.dcm";
        Path imageFile = cbis.resolve(image);
        if (!Files.exists(imageFile) && !Files.exists(Path.of(imageFile.toString().replace(".dcm", ".png")))) {
            Files.createDirectories(imageFile.getParent());
            Path written = SyntheticDicom.mammogram(side.substring(0, 1), view).size(128, 112).phantom().write(imageFile.getParent());
            if (dicom) {
                Files.move(written, imageFile);
            } else {
                Mat gray = new Mat();
                org.mammoai.node.imaging.DicomPixels.decode(written, 0).convertTo(gray, org.bytedeco.opencv.global.opencv_core.CV_8U, 1 / 256.0, 0);
                opencv_imgcodecs.imwrite(imageFile.toString().replace(".dcm", ".png"), gray);
                Files.delete(written);
            }
        }
        Path maskFile = cbis.resolve(mask.replace(".dcm", ".png"));
        Files.createDirectories(maskFile.getParent());
        Mat m = new Mat(128, 112, org.bytedeco.opencv.global.opencv_core.CV_8U, new Scalar(0.0));
        opencv_imgproc.circle(m, new Point(x, 64), 9, new Scalar(255.0), -1, 8, 0);
        opencv_imgcodecs.imwrite(maskFile.toString(), m);
        // the real files quote the mask path and end it with a line break inside the quotes
        return String.join(",", patient, "3", side, view, Integer.toString(abnormality), type, "OVAL", "CIRCUMSCRIBED", "4", pathology, "3",
                image, folder + "_" + abnormality + "/cropped/000000.dcm", "\"" + mask + "\n\"") + "\n";
    }
}
