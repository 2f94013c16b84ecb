package org.mammoai.node.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.mammoai.node.common.FileTrees;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.ModelInfo;
import org.mammoai.node.inference.TiledDetector;

/**
 * Trains a lesion model and ships it: {@code native/train.sh --dataset busi|mias [options]}.
 * Checkpoints every epoch under --work and resumes from there, so a long CPU run can span sessions
 * (--max-minutes bounds one run). When all epochs are done it exports the best-on-validation weights
 * as models/NAME/saved_model and evaluates the export on the held-out test set. With {@code --existing true} it
 * trains nothing: the model already in models/NAME gets its operating point chosen on validation and a fresh test
 * evaluation (for a model shipped before operating points existed).
 */
public final class TrainCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Options(String dataset, Path data, Path models, String name, Path work, int size, int filters, int depth,
                   int epochs, int batch, float learningRate, float classWeight, float lesionPixelWeight, boolean balance,
                   long seed, double maxMinutes, String arch, Path pretrained, int freezeEpochs, float encoderLrRatio, Path split,
                   double maxFalseMarksPerNormal, int canvas, int tilesPerLesion, int normalTilesPerFilm, boolean cosineSchedule,
                   int decoderConvs, int averageFrom, boolean existing, boolean dicePerImage, Augmenter.Warp augment) {

        /** {@code --name value} pairs of a command line. */
        static Map<String, String> pairs(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("expected --option value, got " + args[i]);
                a.put(args[i].substring(2), args[i + 1]);
            }
            return a;
        }

        static Options parse(String[] args) {
            Map<String, String> a = pairs(args);
            String dataset = a.getOrDefault("dataset", "busi");
            if (!List.of("busi", "mias", "cbis").contains(dataset)) throw new IllegalArgumentException("--dataset busi|mias|cbis");
            String arch = a.getOrDefault("arch", "mobilenet");
            if (!arch.equals("mobilenet") && !arch.equals("unet")) throw new IllegalArgumentException("--arch mobilenet|unet");
            String schedule = a.getOrDefault("lr-schedule", "constant");
            if (!schedule.equals("constant") && !schedule.equals("cosine")) throw new IllegalArgumentException("--lr-schedule constant|cosine");
            String diceLoss = a.getOrDefault("dice-loss", "batch");
            if (!diceLoss.equals("batch") && !diceLoss.equals("image")) throw new IllegalArgumentException("--dice-loss batch|image");
            String name = a.getOrDefault("name", (dataset.equals("busi") ? "busi-ultrasound" : dataset + "-mammography") + (arch.equals("unet") ? "-unet" : ""));
            return new Options(dataset, Path.of(a.getOrDefault("data", "../shared/data")), Path.of(a.getOrDefault("models", "models")),
                    name, Path.of(a.getOrDefault("work", "target/training")).resolve(name),
                    Integer.parseInt(a.getOrDefault("size", arch.equals("unet") ? "128" : "224")), Integer.parseInt(a.getOrDefault("filters", "16")),
                    Integer.parseInt(a.getOrDefault("depth", "4")), Integer.parseInt(a.getOrDefault("epochs", "40")),
                    Integer.parseInt(a.getOrDefault("batch", "8")), Float.parseFloat(a.getOrDefault("lr", "0.001")),
                    Float.parseFloat(a.getOrDefault("class-weight", "1")), Float.parseFloat(a.getOrDefault("lesion-pixel-weight", "10")),
                    Boolean.parseBoolean(a.getOrDefault("balance", "true")),
                    Long.parseLong(a.getOrDefault("seed", "20261122")),
                    Double.parseDouble(a.getOrDefault("max-minutes", "1e9")), arch,
                    Path.of(a.getOrDefault("pretrained", "../shared/pretrained/mobilenet_v2_1.0_224")),
                    Integer.parseInt(a.getOrDefault("freeze-epochs", "5")), Float.parseFloat(a.getOrDefault("encoder-lr-ratio", "0.1")),
                    a.containsKey("split") ? Path.of(a.get("split")) : null,
                    Double.parseDouble(a.getOrDefault("max-false-marks-per-normal", "0.25")),
                    Integer.parseInt(a.getOrDefault("canvas", "0")), Integer.parseInt(a.getOrDefault("tiles-per-lesion", "4")),
                    Integer.parseInt(a.getOrDefault("normal-tiles", "3")), schedule.equals("cosine"),
                    Integer.parseInt(a.getOrDefault("decoder-convs", "1")), Integer.parseInt(a.getOrDefault("average-from", "0")),
                    Boolean.parseBoolean(a.getOrDefault("existing", "false")), diceLoss.equals("image"),
                    Augmenter.Warp.named(a.getOrDefault("augment", "standard")));
        }

        Modality modality() {
            return dataset.equals("busi") ? Modality.ULTRASOUND : Modality.MAMMOGRAPHY;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        long start = System.nanoTime();
        Map<String, Object> dataNotes = new LinkedHashMap<>();
        Set<String> officialTest = new java.util.HashSet<>();
        List<Case> cases = load(o, dataNotes, officialTest);
        Path modelDir = o.models().resolve(o.name());
        // --split: another model's split, so an ablation is measured on exactly the same test images
        Path ownSplit = modelDir.resolve("split.csv");
        Split split = Split.loadOrDraw(o.split() != null ? o.split() : ownSplit, cases, o.seed(), officialTest);
        if (o.split() != null && !(Files.exists(ownSplit) && Files.isSameFile(o.split(), ownSplit))) { // the model carries the split it was tested on
            Files.createDirectories(modelDir);
            Files.copy(o.split(), ownSplit, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // --existing: no training; the model already in models/NAME gets its operating point and a fresh test evaluation
        ModelInfo existing = o.existing() ? ModelInfo.read(modelDir) : null;
        // --canvas N: a tile detector: images preprocessed at N px, the network trained on --size tiles cut from them
        ModelInfo info = existing != null ? existing.with(null, null)
                : new ModelInfo(o.name(), o.dataset(), o.modality(), o.size(), List.of("normal", "benign", "malignant"),
                Evaluation.THRESHOLD, null, o.canvas() > 0 ? o.canvas() : null, null);
        boolean tiled = info.canvasSize() != null;
        Preprocessor pre = new Preprocessor(info.modality(), info.preprocessSize());
        PreparedSet valImages = PreparedSet.of(split.select(cases, Split.Part.VAL), pre);
        Map<String, Object> state;
        if (existing == null) {
            PreparedSet films = PreparedSet.of(split.select(cases, Split.Part.TRAIN), pre);
            PreparedSet train = tiled ? TileSet.cut(films, o.size(), o.tilesPerLesion(), o.normalTilesPerFilm(), new Random(o.seed())) : films;
            log("%s: %d train, %d val, %d test images (%s); preprocessing took %.0f s", o.name(), train.count(), valImages.count(),
                    split.select(cases, Split.Part.TEST).size(), dataNotes, (System.nanoTime() - start) / 1e9);
            state = trainAndExport(o, films, train, valImages, tiled, modelDir);
            if (state == null) return;
        } else {
            log("%s: the existing model, not retrained; %d val images", o.name(), valImages.count());
            state = null;
        }
        double operatingPoint;
        try (LesionModel model = LesionModel.load(modelDir.resolve("saved_model"))) {
            if (!tiled) { // mirror averaging only where it helps on validation
                double plain = Evaluation.run(ImagePredictor.of(info, model), valImages).validationScore();
                double mirrored = Evaluation.run(ImagePredictor.of(info.with(null, true), model), valImages).validationScore();
                info = info.with(null, mirrored > plain);
                log("validation Dice + accuracy: %.4f alone, %.4f averaged with the mirror image: %s", plain, mirrored,
                        mirrored > plain ? "mirror averaging on" : "off");
            }
            operatingPoint = Evaluation.run(ImagePredictor.of(info, model), valImages).froc().operatingPoint(o.maxFalseMarksPerNormal());
            log("operating point (validation, <= %.2f false marks per normal image): mark score %.3f", o.maxFalseMarksPerNormal(), operatingPoint);
        }
        info = info.with(operatingPoint, info.mirrorAveraged());
        info.write(modelDir);
        PreparedSet test = PreparedSet.of(split.select(cases, Split.Part.TEST), pre);
        try (LesionModel model = LesionModel.load(modelDir.resolve("saved_model"))) {
            Evaluation eval = Evaluation.run(ImagePredictor.of(info, model), test);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", o.name());
            // --existing: what training recorded stays; the date says when the operating point was added
            @SuppressWarnings("unchecked")
            Map<String, Object> before = existing == null ? null
                    : JSON.readValue(modelDir.resolve("evaluation.json").toFile(), LinkedHashMap.class);
            report.put("created", before != null ? before.get("created") : Instant.now().toString());
            if (before != null) report.put("operatingPointAdded", Instant.now().toString());
            report.put("options", before != null ? before.get("options") : o.toString());
            report.put("data", dataNotes);
            report.put("mirrorAveraged", Boolean.TRUE.equals(info.mirrorAveraged()));
            report.put("training", before != null ? before.get("training") : trainingRecord(state));
            report.put("test", eval.metrics(o.seed(), operatingPoint));
            JSON.writeValue(modelDir.resolve("evaluation.json").toFile(), report);
            eval.writeMaskGrid(modelDir.resolve("test-masks.png"), 16, 4);
            ReferenceOutputs.write(model, info, modelDir);
            Files.writeString(modelDir.resolve("evaluation.md"), ModelReport.markdown(report));
            Files.writeString(modelDir.resolve("MODEL_CARD.md"), ModelReport.card(report, o.dataset(), info.inputSize()));
            log("test: %s", report.get("test"));
        }
    }

    /**
     * Trains epoch by epoch from the last checkpoint, then exports the best-on-validation weights (or their average,
     * where it scores higher) to models/NAME/saved_model. Returns the training state, or null when the time budget
     * ran out first (run again to resume).
     */
    private static Map<String, Object> trainAndExport(Options o, PreparedSet films, PreparedSet train, PreparedSet valImages, boolean tiled,
                                                      Path modelDir) throws IOException {
        Map<String, Object> state = readState(o.work());
        try (NetSession net = new NetSession(build(o, train))) {
            int epoch = (int) state.getOrDefault("epochsDone", 0);
            if (epoch > 0) {
                net.restoreCheckpoint(o.work().resolve("last"));
                log("resumed after epoch %d", epoch);
            }
            Random random = new Random(o.seed() + epoch);
            Path averageFile = o.work().resolve("weight-average.bin");
            WeightAverage average = WeightAverage.load(averageFile);
            if (average.count() != averagedEpochs(o, epoch)) {
                throw new IllegalStateException(averageFile + " holds " + average.count() + " epochs, the checkpoint expects "
                        + averagedEpochs(o, epoch) + ": delete " + o.work() + " and train again");
            }
            double budgetEnd = System.nanoTime() + o.maxMinutes() * 60e9;
            while (epoch < o.epochs() && System.nanoTime() < budgetEnd) {
                long t0 = System.nanoTime();
                boolean frozen = epoch < o.freezeEpochs();
                // a tile detector sees freshly cut tiles every epoch: other offsets around each lesion, other normal tissue
                if (tiled && epoch > 0) train = TileSet.cut(films, o.size(), o.tilesPerLesion(), o.normalTilesPerFilm(), new Random(o.seed() + epoch));
                double loss = trainEpoch(net, train, o, random, frozen, epoch);
                double[] v = tiled ? validateFilms(net, o.size(), valImages) : validate(net, valImages, o.batch());
                double score = finiteOrZero(v[0]) + finiteOrZero(v[1]); // NaN where the validation set lacks a class
                epoch++;
                double seconds = (System.nanoTime() - t0) / 1e9;
                state.put("epochsDone", epoch);
                state.put("trainSeconds", ((Number) state.getOrDefault("trainSeconds", 0.0)).doubleValue() + seconds);
                @SuppressWarnings("unchecked")
                List<Object> history = (List<Object>) state.computeIfAbsent("history", k -> new ArrayList<>());
                history.add(tiled ? Map.of("epoch", epoch, "loss", loss, "valSensitivityAt1FpPerImage", v[0], "valAbnormalVsNormalAuc", v[1], "seconds", seconds)
                        : Map.of("epoch", epoch, "loss", loss, "valDice", v[0], "valAccuracy", v[1], "seconds", seconds));
                net.saveCheckpoint(o.work().resolve("last"));
                if (averagedEpochs(o, epoch) > 0) {
                    average.add(net.weights());
                    average.save(averageFile);
                }
                if (score > ((Number) state.getOrDefault("bestScore", -1.0)).doubleValue()) {
                    state.put("bestScore", score);
                    state.put("bestEpoch", epoch);
                    net.saveCheckpoint(o.work().resolve("best"));
                }
                writeState(o.work(), state);
                log("epoch %d/%d%s: loss %.4f, val %s %.3f, val %s %.3f (%.0f s)", epoch, o.epochs(),
                        frozen && net.hasPretrainedEncoder() ? " (encoder frozen)" : "", loss,
                        tiled ? "sensitivity at 1 false mark/image" : "Dice", v[0], tiled ? "abnormal AUC" : "accuracy", v[1], seconds);
            }
            if (epoch < o.epochs()) {
                log("stopped at the time budget after epoch %d; run again to resume", epoch);
                return null;
            }
            if (average.count() >= 2 && !state.containsKey("weightAverage")) chooseAverageIfBetter(net, average, o, valImages, state);
            net.restoreCheckpoint(o.work().resolve("best"));
            Path saved = modelDir.resolve("saved_model");
            FileTrees.delete(saved);
            net.export(saved);
        }
        return state;
    }

    /** The dataset's cases (for tests and tools that need the same list training saw). */
    public static List<Case> load(String dataset, Path data) throws IOException {
        return load(Options.parse(new String[] {"--dataset", dataset, "--data", data.toString()}), new LinkedHashMap<>(), new java.util.HashSet<>());
    }

    /** @param officialTest filled with the ids of a dataset's own test set (CBIS-DDSM), which becomes ours */
    static List<Case> load(Options o, Map<String, Object> notes, Set<String> officialTest) throws IOException {
        if (o.dataset().equals("cbis")) {
            CbisDdsmDataset.Loaded l = CbisDdsmDataset.load(o.data().resolve("cbis-ddsm"));
            notes.put("licence", "CBIS-DDSM (TCIA): CC BY 3.0; Lee RS et al. (2017)");
            notes.put("abnormalities", l.abnormalities());
            notes.put("cases", l.cases().size());
            notes.put("officialTestImages", l.officialTest().size());
            officialTest.addAll(l.officialTest());
            return l.cases();
        }
        if (o.dataset().equals("busi")) {
            BusiDataset.Loaded l = BusiDataset.load(o.data().resolve("busi"));
            List<Case> empty = BusiDataset.withEmptyMasks(l.cases());
            if (!empty.isEmpty()) {
                long lesions = l.cases().stream().filter(c -> c.label() != LesionClass.NORMAL).count();
                throw new IOException(empty.size() + " of " + lesions + " BUSI lesion images have an empty (all-zero) mask, e.g. "
                        + empty.get(0).maskFiles() + ": this copy of the dataset cannot train segmentation");
            }
            notes.put("images", l.images());
            notes.put("duplicatesMerged", l.duplicateImages());
            notes.put("ambiguousDuplicatesDropped", l.ambiguousDropped());
            notes.put("cases", l.cases().size());
            return l.cases();
        }
        MiasDataset.Loaded l = MiasDataset.load(o.data().resolve("mini-mias"));
        notes.put("licence", "mini-MIAS: research use only; Suckling J et al. (1994)");
        notes.put("films", l.films());
        notes.put("abnormalWithoutCoordinatesLeftOut", l.withoutCoordinates());
        notes.put("cases", l.cases().size());
        return l.cases();
    }

    /** The network of --arch, its class loss weighted by inverse class frequency in the training set. */
    static LesionNet build(Options o, PreparedSet train) throws IOException {
        int[] counts = new int[LesionNet.CLASSES];
        for (int i = 0; i < train.count(); i++) counts[train.label(i).ordinal()]++;
        float[] balance = new float[LesionNet.CLASSES];
        for (int k = 0; k < balance.length; k++) balance[k] = counts[k] == 0 ? 0f : train.count() / (float) (LesionNet.CLASSES * counts[k]);
        return build(o, balance);
    }

    /** The network of --arch with the class loss weighted by balance (one weight per class). */
    static LesionNet build(Options o, float[] balance) throws IOException {
        LesionNet.Training t = new LesionNet.Training(o.learningRate(), o.classWeight(), o.lesionPixelWeight(), balance, o.dicePerImage());
        return o.arch().equals("unet")
                ? LesionNet.unet(o.size(), o.filters(), o.depth(), t, o.seed())
                : LesionNet.mobileUnet(o.size(), o.pretrained(), o.encoderLrRatio(), o.decoderConvs(), t, o.seed());
    }

    /**
     * Each epoch sees every image once, and images with lesions repeated until they are as many as the normals.
     * With --lr-schedule cosine the learning rate anneals step by step over all --epochs (resumed runs continue the curve).
     */
    private static double trainEpoch(NetSession net, PreparedSet train, Options o, Random random, boolean freezeEncoder, int epoch) {
        List<Integer> order = new ArrayList<>();
        List<Integer> lesions = new ArrayList<>();
        for (int i = 0; i < train.count(); i++) {
            order.add(i);
            if (train.label(i) != LesionClass.NORMAL) lesions.add(i);
        }
        int normals = train.count() - lesions.size();
        for (int extra = lesions.size(); o.balance() && !lesions.isEmpty() && extra < normals; extra++) {
            order.add(lesions.get(random.nextInt(lesions.size())));
        }
        java.util.Collections.shuffle(order, random);
        double sum = 0;
        int batches = 0;
        int n = o.size() * o.size();
        Augmenter augmenter = new Augmenter(o.modality(), o.augment());
        int steps = order.size() / o.batch();
        for (int b = 0; b + o.batch() <= order.size(); b += o.batch()) {
            float rate = o.cosineSchedule()
                    ? ScheduledAdam.cosine(o.learningRate(), (epoch + b / (double) (steps * o.batch())) / o.epochs()) : Float.NaN;
            int[] idx = order.subList(b, b + o.batch()).stream().mapToInt(Integer::intValue).toArray();
            float[] masks = new float[idx.length * n];
            float[] classes = new float[idx.length * 3];
            Batch batch = train.batch(idx, augmenter, random, masks, classes);
            sum += net.train(batch, masks, classes, freezeEncoder, rate).total();
            batches++;
        }
        return sum / Math.max(1, batches);
    }

    /**
     * {lesion sensitivity at 1 false mark per image, abnormal-vs-normal AUC} of a tile detector on the validation films,
     * run over whole films as the node runs it: what the detector is for, where tile Dice and tile accuracy are not.
     */
    private static double[] validateFilms(NetSession net, int tile, PreparedSet films) {
        Evaluation e = Evaluation.run((image, side) -> TiledDetector.predict(net::predict, tile, image, side), films);
        int[] all = e.froc().all();
        return new double[] {e.froc().sensitivityAt(1, all), e.abnormalVsNormalAuc(all)};
    }

    /** What evaluation.json keeps of a training run. */
    private static Map<String, Object> trainingRecord(Map<String, Object> state) {
        Map<String, Object> training = new LinkedHashMap<>(Map.of("epochs", state.get("epochsDone"), "bestEpoch", state.get("bestEpoch"),
                "trainSeconds", state.get("trainSeconds"), "cores", Runtime.getRuntime().availableProcessors(),
                "history", state.get("history")));
        if (state.containsKey("weightAverage")) training.put("weightAverage", state.get("weightAverage"));
        return training;
    }

    /** How many finished epochs --average-from puts into the weight average (0 when off or not yet reached). */
    static int averagedEpochs(Options o, int epochsDone) {
        return o.averageFrom() <= 0 ? 0 : Math.max(0, epochsDone - o.averageFrom() + 1);
    }

    /**
     * Validates the averaged weights like an epoch; where they score higher than the best epoch, they become the
     * "best" checkpoint that is exported. Either way the outcome is recorded in the training state.
     */
    private static void chooseAverageIfBetter(NetSession net, WeightAverage average, Options o, PreparedSet val, Map<String, Object> state)
            throws IOException {
        net.setWeights(average.mean());
        double[] v = validate(net, val, o.batch());
        double score = finiteOrZero(v[0]) + finiteOrZero(v[1]);
        double best = ((Number) state.getOrDefault("bestScore", -1.0)).doubleValue();
        boolean chosen = score > best;
        if (chosen) {
            state.put("bestScore", score);
            net.saveCheckpoint(o.work().resolve("best"));
        }
        state.put("weightAverage", Map.of("fromEpoch", o.averageFrom(), "epochs", average.count(), "valDice", v[0], "valAccuracy", v[1],
                "chosen", chosen));
        writeState(o.work(), state);
        log("weights averaged over epochs %d-%d: val Dice %.3f, val accuracy %.3f, score %.4f vs best epoch %.4f: %s", o.averageFrom(),
                o.averageFrom() + average.count() - 1, v[0], v[1], score, best, chosen ? "exported" : "not used");
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** {mean lesion Dice, accuracy} on the validation set. */
    private static double[] validate(NetSession net, PreparedSet val, int batchSize) {
        Evaluation e = Evaluation.inBatches(net::predict, val, batchSize);
        return new double[] {e.meanLesionDice(), e.accuracy()};
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readState(Path work) throws IOException {
        Path f = work.resolve("state.json");
        return Files.exists(f) ? JSON.readValue(f.toFile(), LinkedHashMap.class) : new LinkedHashMap<>();
    }

    private static void writeState(Path work, Map<String, Object> state) throws IOException {
        Files.createDirectories(work);
        Path tmp = work.resolve("state.json.tmp");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, work.resolve("state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }
}
