package org.mammoai.node.inference;

import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.mammoai.node.imaging.Modality;

/**
 * The bundled models (models/NAME with model.json + saved_model), one per modality, each loaded on
 * first use and shared by all workers (a TensorFlow session runs concurrent calls).
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** A loaded model with what inference needs to know about it. */
    public record Loaded(ModelInfo info, String version, LesionModel model) {}

    private final Path modelsDir;
    private final boolean allowGpu;
    private final Map<Modality, Loaded> loaded = new EnumMap<>(Modality.class);

    public ModelRegistry(@ConfigProperty(name = "mammo.models.dir", defaultValue = "models") Path modelsDir,
                         @ConfigProperty(name = "mammo.inference.gpu", defaultValue = "true") boolean allowGpu) {
        this.modelsDir = modelsDir;
        this.allowGpu = allowGpu;
    }

    public synchronized Optional<Loaded> forModality(Modality modality) {
        Loaded m = loaded.get(modality);
        if (m == null) {
            Optional<Path> dir = find(modality);
            if (dir.isEmpty()) return Optional.empty();
            try {
                ModelInfo info = ModelInfo.read(dir.get());
                m = new Loaded(info, version(dir.get()),
                        LesionModel.load(dir.get().resolve("saved_model"), allowGpu));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load model " + dir.get(), e);
            }
            LOG.infof("Loaded model %s (%s) for %s%s", m.info().name(), m.version(), modality, allowGpu ? "" : ", CPU only");
            loaded.put(modality, m);
        }
        return Optional.of(m);
    }

    private Optional<Path> find(Modality modality) {
        if (!Files.isDirectory(modelsDir)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelInfo.FILE))).sorted().filter(d -> {
                try {
                    return ModelInfo.read(d).modality() == modality;
                } catch (IOException e) {
                    LOG.warnf("Ignoring %s: unreadable %s (%s)", d, ModelInfo.FILE, e.getMessage());
                    return false;
                }
            }).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first 12 hex digits of one SHA-256 over the model's files: model.json (thresholds), the graph and its
     * variables. It names exactly what made a result: the graph alone is the same for every training run of an
     * architecture, as the weights live in variables/.
     */
    static String version(Path modelDir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files = new ArrayList<>(List.of(modelDir.resolve(ModelInfo.FILE), modelDir.resolve("saved_model/saved_model.pb")));
        try (Stream<Path> variables = Files.list(modelDir.resolve("saved_model/variables"))) {
            variables.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path file : files) {
            sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8)); // a renamed file is another model
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    /**
     * Loads the bundled models at start and runs each once on a blank image (TensorFlow optimises the
     * graph on its first call), so the first study does not wait for that; a broken model shows now.
     */
    void preload(@Observes StartupEvent event) {
        for (Modality modality : Modality.values()) {
            try {
                Optional<Loaded> m = forModality(modality);
                if (m.isEmpty()) LOG.warnf("No %s model in %s: such images are stored but not analysed", modality, modelsDir);
                int size = m.map(l -> l.info().inputSize()).orElse(0);
                // the way images will run (mirror pairs, tiles), so those batch shapes are optimised too
                m.ifPresent(l -> ImagePredictor.of(l.info(), l.model()).predict(new float[size * size], size));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cannot load the %s model from %s; its images will fail analysis", modality, modelsDir);
            }
        }
    }

    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(m -> m.model().close());
        loaded.clear();
    }
}
