package org.mammoai.node.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The changes hospital IT makes from the console or the API, each a whole new {@link Device} through
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
    public Device saveDestination(String previousName, DestinationForm form) {
        Device c = store.current();
        List<ResultType> results = new ArrayList<>();
        for (String r : form.results() == null ? List.<String>of() : form.results()) {
            try {
                if (!results.contains(ResultType.valueOf(r))) results.add(ResultType.valueOf(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("results: '" + r + "' is not one of " + java.util.Arrays.toString(ResultType.values()));
            }
        }
        Destination d = new Destination(trim(form.name()), trim(form.aeTitle()),
                new Connection(trim(form.host()), form.port() == null ? 0 : form.port(), Boolean.TRUE.equals(form.tls())), List.copyOf(results));
        List<Destination> destinations = new ArrayList<>();
        boolean replaced = false;
        for (Destination existing : c.destinations()) {
            if (previousName != null && existing.name().equals(previousName)) {
                destinations.add(d);
                replaced = true;
            } else {
                destinations.add(existing);
            }
        }
        if (!replaced) destinations.add(d);
        return store.replace(new Device(c.ae(), c.tls(), destinations));
    }

    /** @return false when there is no destination of that name */
    public boolean removeDestination(String name) {
        Device c = store.current();
        List<Destination> kept = c.destinations().stream().filter(d -> !d.name().equals(name)).toList();
        if (kept.size() == c.destinations().size()) return false;
        store.replace(new Device(c.ae(), c.tls(), kept));
        return true;
    }

    public Device setAllowedCallers(List<String> aeTitles) {
        Device c = store.current();
        Set<String> callers = new LinkedHashSet<>();
        for (String t : aeTitles) if (t != null && !t.isBlank()) callers.add(t.strip());
        ApplicationEntity ae = c.ae();
        return store.replace(new Device(new ApplicationEntity(ae.aeTitle(), ae.connection(), ae.tlsConnection(), callers, ae.limits()),
                c.tls(), c.destinations()));
    }

    public Device setLocal(LocalForm f) {
        Device c = store.current();
        ApplicationEntity ae = c.ae();
        Limits l = ae.limits();
        String host = f.bindAddress() == null || f.bindAddress().isBlank() ? ae.connection().host() : f.bindAddress().strip();
        Connection plain = new Connection(host, f.port() == null ? ae.connection().port() : f.port(), false);
        Connection secure = ae.tlsConnection() == null ? null : new Connection(host, ae.tlsConnection().port(), true);
        Limits limits = new Limits(f.maxAssociations() == null ? l.maxAssociations() : f.maxAssociations(),
                f.idleTimeoutSeconds() == null ? l.idleTimeoutSeconds() : f.idleTimeoutSeconds(),
                f.maxPduLength() == null ? l.maxPduLength() : f.maxPduLength(),
                f.maxPixelsPerFrame() == null ? l.maxPixelsPerFrame() : f.maxPixelsPerFrame());
        return store.replace(new Device(new ApplicationEntity(f.aeTitle() == null ? ae.aeTitle() : f.aeTitle().strip(), plain, secure,
                ae.acceptedCallingAeTitles(), limits), c.tls(), c.destinations()));
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
