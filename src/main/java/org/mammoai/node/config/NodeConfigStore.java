package org.mammoai.node.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mammoai.node.common.OwnerOnly;

/**
 * The node's AE configuration as it is now: loaded from dicom-config at start, replaced by the console or the
 * API without a restart. A replacement passes the same checks as the file (so the same messages), is written
 * atomically with the previous file kept as node.yaml.bak, and then seen by every new association and send.
 */
@ApplicationScoped
public class NodeConfigStore {
    /** Fired before a checked replacement is saved, for the parts that must act on it (the listener moving its ports). */
    public record Changed(Device before, Device after) {}

    private final Path file;
    private final AtomicReference<Device> current;
    private final Event<Changed> changed;

    @Inject
    public NodeConfigStore(@ConfigProperty(name = "mammo.dicom-config") Path file, Event<Changed> changed) {
        this.file = file;
        this.current = new AtomicReference<>(NodeConfigLoader.load(file));
        this.changed = changed;
    }

    private NodeConfigStore(Device fixed) {
        this.file = null;
        this.current = new AtomicReference<>(fixed);
        this.changed = null;
    }

    /** A configuration that is never saved (tests and tools that build the parts by hand). */
    public static NodeConfigStore of(Device config) {
        return new NodeConfigStore(config);
    }

    public Device current() {
        return current.get();
    }

    public Path file() {
        return file;
    }

    /**
     * Checks, saves and applies a new configuration.
     *
     * @throws InvalidNodeConfigException with the loader's message naming the field, nothing saved or changed
     */
    public synchronized Device replace(Device next) {
        String yaml = NodeConfigLoader.toYaml(next);
        Device checked = NodeConfigLoader.parse(yaml, file == null ? Path.of("(configuration)") : file);
        Device before = current.get();
        if (changed != null) changed.fire(new Changed(before, checked)); // the listener may refuse (a port it cannot bind)
        if (file != null) write(yaml);
        current.set(checked);
        return checked;
    }

    private void write(String yaml) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, yaml);
            OwnerOnly.file(tmp);
            if (Files.exists(file)) Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
        }
    }
}
