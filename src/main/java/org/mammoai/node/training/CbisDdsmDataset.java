package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.mammoai.node.inference.LesionClass;

/**
 * CBIS-DDSM (TCIA, CC BY 3.0) in its official layout: the four {@code *_case_description_*_set.csv} files (mass and
 * calcification, train and test) beside the image folders they name. One case per full mammogram: the OR of its
 * abnormalities' ROI masks, malignant when any abnormality is, grouped by patient; the official test files' images
 * are the test set. Paths are resolved as written, or with .png for a PNG conversion of the same tree.
 */
public final class CbisDdsmDataset {
    public record Loaded(List<Case> cases, Set<String> officialTest, int abnormalities) {}

    private CbisDdsmDataset() {}

    public static Loaded load(Path dir) throws IOException {
        List<Path> csvs;
        try (Stream<Path> files = Files.list(dir)) {
            csvs = files.filter(f -> f.getFileName().toString().matches("(?i).*_case_description_.*\\.csv")).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no CBIS-DDSM folder at " + dir.toAbsolutePath().normalize(), e);
        }
        if (csvs.isEmpty()) throw new IOException("no *_case_description_*.csv in " + dir.toAbsolutePath().normalize() + ": not the CBIS-DDSM layout");
        Map<String, List<Path>> masks = new LinkedHashMap<>();
        Map<String, LesionClass> labels = new HashMap<>();
        Map<String, String> patients = new HashMap<>(), images = new HashMap<>();
        Set<String> test = new LinkedHashSet<>();
        int abnormalities = 0;
        for (Path csv : csvs) {
            boolean testFile = csv.getFileName().toString().toLowerCase(Locale.ROOT).contains("test");
            List<Map<String, String>> rows = Csv.read(csv);
            for (Map<String, String> row : rows) {
                String image = column(csv, row, "image file path");
                String id = image.split("/")[0];
                masks.computeIfAbsent(id, k -> new ArrayList<>()).add(resolve(dir, column(csv, row, "roi mask file path")));
                LesionClass label = column(csv, row, "pathology").toUpperCase(Locale.ROOT).startsWith("MALIGNANT") ? LesionClass.MALIGNANT : LesionClass.BENIGN;
                labels.merge(id, label, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                images.put(id, image);
                patients.put(id, column(csv, row, "patient_id"));
                if (testFile) test.add(id);
                abnormalities++;
            }
        }
        List<Case> cases = new ArrayList<>();
        for (String id : masks.keySet()) {
            cases.add(new Case(id, resolve(dir, images.get(id)), List.copyOf(masks.get(id)), List.of(), labels.get(id), patients.get(id)));
        }
        return new Loaded(cases, test, abnormalities);
    }

    /** The value of a column, by its name with case, spaces and underscores ignored (the files differ in these). */
    private static String column(Path csv, Map<String, String> row, String name) throws IOException {
        String key = name.replaceAll("[ _]", "").toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (e.getKey().replaceAll("[ _]", "").toLowerCase(Locale.ROOT).equals(key)) return e.getValue().trim();
        }
        throw new IOException(csv + " has no column '" + name + "'");
    }

    private static Path resolve(Path dir, String relative) throws IOException {
        Path p = dir.resolve(relative.trim()).normalize();
        if (!p.startsWith(dir.normalize())) throw new IOException("path leaves the dataset folder: " + relative);
        if (Files.isRegularFile(p)) return p;
        Path png = Path.of(p.toString().replaceAll("\\.dcm$", "") + ".png");
        if (Files.isRegularFile(png)) return png;
        throw new IOException("CBIS-DDSM file not found: " + p + " (nor " + png.getFileName() + ")");
    }

    /** Comma-separated values with a header line; double-quoted fields may hold commas and line breaks (the real files do). */
    static final class Csv {
        static List<Map<String, String>> read(Path file) throws IOException {
            List<List<String>> records = records(Files.readString(file));
            List<Map<String, String>> rows = new ArrayList<>();
            if (records.isEmpty()) return rows;
            List<String> header = records.get(0);
            for (List<String> f : records.subList(1, records.size())) {
                if (f.size() == 1 && f.get(0).isBlank()) continue;
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) row.put(header.get(i).trim(), i < f.size() ? f.get(i) : "");
                rows.add(row);
            }
            return rows;
        }

        static List<List<String>> records(String text) {
            List<List<String>> out = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '"') {
                    if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') { cur.append('"'); i++; } else quoted = !quoted;
                } else if (ch == ',' && !quoted) {
                    fields.add(cur.toString());
                    cur.setLength(0);
                } else if ((ch == '\n' || ch == '\r') && !quoted) {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                    fields.add(cur.toString());
                    cur.setLength(0);
                    out.add(fields);
                    fields = new ArrayList<>();
                } else {
                    cur.append(ch);
                }
            }
            if (cur.length() > 0 || !fields.isEmpty()) {
                fields.add(cur.toString());
                out.add(fields);
            }
            return out;
        }
    }
}
