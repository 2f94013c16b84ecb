package org.mammoai.node.dicom;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The changes hospital IT makes from the console or the API, each a whole new configuration through
 * {@link NodeConfigStore#replace} (checked like the file, saved with a backup, applied at once).
 * Every method throws {@link InvalidNodeConfigException} naming the field when the result would be invalid.
 */
@ApplicationScoped
public class ConfigurationEditor {
    /** A destination as a form or a request gives it; results as type names. */
    public record DestinationForm(String name, String aeTitle, String host, Integer port, List<String> results, Boolean tls) {}

    /** The local AE's settings as a form gives them; null keeps the current value. */
    public record LocalForm(String aeTitle, String bindAddress, Integer port, Integer maxAssociations, Integer idleTimeoutSeconds,
                            Integer maxPduLength, Long maxPixelsPerFrame) {}

    private final NodeConfigStore store;

    public ConfigurationEditor(NodeConfigStore store) {
        this.store = store;
    }

    /** Adds the destination, or replaces the one called {@code previousName} (a rename when the names differ). */
    public NodeConfig saveDestination(String previousName, DestinationForm form) {
        NodeConfig c = store.current();
        NodeConfig.Destination d = new NodeConfig.Destination(trim(form.name()), trim(form.aeTitle()), trim(form.host()),
                form.port() == null ? 0 : form.port(), form.results() == null ? List.of() : List.copyOf(form.results()),
                Boolean.TRUE.equals(form.tls()));
        List<NodeConfig.Destination> destinations = new ArrayList<>();
        boolean replaced = false;
        for (NodeConfig.Destination existing : c.destinations()) {
            if (previousName != null && existing.name().equals(previousName)) {
                destinations.add(d);
                replaced = true;
            } else {
                destinations.add(existing);
            }
        }
        if (!replaced) destinations.add(d);
        return store.replace(new NodeConfig(c.local(), c.allowedCallingAeTitles(), destinations, c.tls()));
    }

    /** @return false when there is no destination of that name */
    public boolean removeDestination(String name) {
        NodeConfig c = store.current();
        List<NodeConfig.Destination> kept = c.destinations().stream().filter(d -> !d.name().equals(name)).toList();
        if (kept.size() == c.destinations().size()) return false;
        store.replace(new NodeConfig(c.local(), c.allowedCallingAeTitles(), kept, c.tls()));
        return true;
    }

    public NodeConfig setAllowedCallers(List<String> aeTitles) {
        NodeConfig c = store.current();
        Set<String> callers = new LinkedHashSet<>();
        for (String t : aeTitles) if (t != null && !t.isBlank()) callers.add(t.strip());
        return store.replace(new NodeConfig(c.local(), callers, c.destinations(), c.tls()));
    }

    public NodeConfig setLocal(LocalForm f) {
        NodeConfig c = store.current();
        NodeConfig.LocalAe l = c.local();
        NodeConfig.LocalAe next = new NodeConfig.LocalAe(f.aeTitle() == null ? l.aeTitle() : f.aeTitle().strip(),
                f.bindAddress() == null || f.bindAddress().isBlank() ? l.bindAddress() : f.bindAddress().strip(),
                f.port() == null ? l.port() : f.port(), f.maxAssociations() == null ? l.maxAssociations() : f.maxAssociations(),
                f.idleTimeoutSeconds() == null ? l.idleTimeoutSeconds() : f.idleTimeoutSeconds(),
                f.maxPduLength() == null ? l.maxPduLength() : f.maxPduLength(),
                f.maxPixelsPerFrame() == null ? l.maxPixelsPerFrame() : f.maxPixelsPerFrame());
        return store.replace(new NodeConfig(next, c.allowedCallingAeTitles(), c.destinations(), c.tls()));
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
