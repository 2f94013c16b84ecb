package org.mammoai.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mammoai.node.store.ObjectLimits;

/**
 * Reads and validates dicom-config/node.yaml. Every problem is reported with the file name and the
 * offending field, because the person reading the error is hospital IT, not a developer.
 */
public final class NodeConfigLoader {

    private static final List<String> RESULT_TYPES = java.util.Arrays.stream(ResultType.values()).map(Enum::name).toList();

    private NodeConfigLoader() {}

    public static Device load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidNodeConfigException(file, "file not found");
        } catch (IOException e) {
            throw new InvalidNodeConfigException(file, "cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    /** Checks a configuration given as YAML text; {@code file} names it in messages. */
    public static Device parse(String text, Path file) {
        FileModel model;
        try {
            model = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(text, FileModel.class);
        } catch (MismatchedInputException e) {
            throw new InvalidNodeConfigException(file, "at " + pathOf(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidNodeConfigException(file, e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new InvalidNodeConfigException(file, "cannot read: " + e.getMessage());
        }
        if (model == null) {
            throw new InvalidNodeConfigException(file, "file is empty");
        }
        List<String> problems = new ArrayList<>();
        Device config = model.toDevice(problems);
        if (!problems.isEmpty()) {
            throw new InvalidNodeConfigException(file, String.join("; ", problems));
        }
        return config;
    }

    /** The file form of a configuration, as the loader reads it back (comments of a hand-edited file are not kept). */
    public static String toYaml(Device d) {
        ApplicationEntity ae = d.ae();
        LocalModel local = ae == null ? null : new LocalModel(ae.aeTitle(), ae.connection().host(), ae.connection().port(),
                ae.limits().maxAssociations(), ae.limits().idleTimeoutSeconds(), ae.limits().maxPduLength(), ae.limits().maxPixelsPerFrame());
        List<DestinationModel> destinations = d.destinations().stream().map(x -> new DestinationModel(x.name(), x.aeTitle(),
                x.connection().host(), x.connection().port(), x.results().stream().map(Enum::name).toList(),
                x.connection().tls() ? Boolean.TRUE : null)).toList();
        TlsMaterial t = d.tls();
        TlsModel tls = t == null ? null : new TlsModel(ae == null || ae.tlsConnection() == null ? null : ae.tlsConnection().port(),
                t.keyStore() == null ? null : t.keyStore().toString(), t.keyStorePassword(),
                t.trustStore() == null ? null : t.trustStore().toString(), t.trustStorePassword(), t.requireClientCertificate());
        try {
            return new ObjectMapper(new YAMLFactory().disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writeValueAsString(new FileModel(local, ae == null ? null : ae.acceptedCallingAeTitles().stream().sorted().toList(),
                            destinations, tls));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.length() == 0 ? "top level" : path.substring(path.charAt(0) == '.' ? 1 : 0);
    }

    /** AE titles: 1-16 characters of the default repertoire, no backslash or control characters. */
    static void checkAeTitle(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        } else if (value.strip().length() > 16) {
            problems.add(field + " '" + value + "' is longer than 16 characters");
        } else if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            problems.add(field + " '" + value + "' contains a backslash or a non-ASCII/control character");
        }
    }

    static void checkPort(String field, Integer port, List<String> problems) {
        if (port == null) {
            problems.add(field + " is missing");
        } else if (port < 1 || port > 65535) {
            problems.add(field + " " + port + " is not a TCP port (1-65535)");
        }
    }

    // The file's shape; field names are what hospital IT types.
    record FileModel(@JsonProperty(value = "local") LocalModel local,
                     @JsonProperty(value = "allowedCallingAeTitles") List<String> allowedCallingAeTitles,
                     @JsonProperty("destinations") List<DestinationModel> destinations,
                     @JsonProperty("tls") TlsModel tls) {

        Device toDevice(List<String> problems) {
            if (local == null || allowedCallingAeTitles == null) {
                problems.add((local == null ? "section 'local'" : "list 'allowedCallingAeTitles'") + " is missing");
                return null;
            }
            Set<String> callers = new LinkedHashSet<>();
            for (int i = 0; i < allowedCallingAeTitles.size(); i++) {
                String ae = allowedCallingAeTitles.get(i);
                checkAeTitle("allowedCallingAeTitles[" + i + "]", ae, problems);
                if (ae != null) callers.add(ae.strip());
            }
            if (callers.isEmpty()) {
                problems.add("allowedCallingAeTitles is empty: no modality could send to this node");
            }
            List<Destination> dests = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            List<DestinationModel> given = destinations == null ? List.of() : destinations;
            for (int i = 0; i < given.size(); i++) {
                Destination d = given.get(i).toDestination("destinations[" + i + "]", problems);
                if (d.name() != null && !names.add(d.name())) {
                    problems.add("destinations[" + i + "].name '" + d.name() + "' is used twice");
                }
                dests.add(d);
            }
            TlsMaterial material = tls == null ? null : tls.toMaterial(problems);
            if (material == null && dests.stream().anyMatch(d -> d.connection().tls())) {
                problems.add("a destination has tls: true but there is no 'tls' section with the key and trust stores");
            }
            ApplicationEntity ae = local.toApplicationEntity(Set.copyOf(callers), tls, problems);
            if (ae.tlsConnection() != null && ae.tlsConnection().port() == ae.connection().port()) {
                problems.add("tls.port must differ from local.port");
            }
            return new Device(ae, material, List.copyOf(dests));
        }
    }

    record LocalModel(@JsonProperty(value = "aeTitle") String aeTitle,
                      @JsonProperty("bindAddress") String bindAddress,
                      @JsonProperty(value = "port") Integer port,
                      @JsonProperty("maxAssociations") Integer maxAssociations,
                      @JsonProperty("idleTimeoutSeconds") Integer idleTimeoutSeconds,
                      @JsonProperty("maxPduLength") Integer maxPduLength,
                      @JsonProperty("maxPixelsPerFrame") Long maxPixelsPerFrame) {

        ApplicationEntity toApplicationEntity(Set<String> callers, TlsModel tls, List<String> problems) {
            checkAeTitle("local.aeTitle", aeTitle, problems);
            checkPort("local.port", port, problems);
            int max = maxAssociations == null ? 8 : maxAssociations;
            if (max < 1) problems.add("local.maxAssociations must be at least 1");
            int idle = idleTimeoutSeconds == null ? 120 : idleTimeoutSeconds;
            if (idle < 1) problems.add("local.idleTimeoutSeconds must be at least 1");
            int pdu = maxPduLength == null ? 65536 : maxPduLength;
            if (pdu < 4096 || pdu > 1 << 24) problems.add("local.maxPduLength must be between 4096 and 16777216");
            long pixels = maxPixelsPerFrame == null ? ObjectLimits.DEFAULT_MAX_PIXELS_PER_FRAME : maxPixelsPerFrame;
            if (pixels < 1 << 16 || pixels > ObjectLimits.CEILING) problems.add("local.maxPixelsPerFrame must be between 65536 and " + ObjectLimits.CEILING);
            String host = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress.strip();
            return new ApplicationEntity(aeTitle == null ? null : aeTitle.strip(), new Connection(host, port == null ? 0 : port, false),
                    tls == null || tls.port() == null ? null : new Connection(host, tls.port(), true), callers,
                    new Limits(max, idle, pdu, pixels));
        }
    }

    record DestinationModel(@JsonProperty(value = "name") String name,
                            @JsonProperty(value = "aeTitle") String aeTitle,
                            @JsonProperty(value = "host") String host,
                            @JsonProperty(value = "port") Integer port,
                            @JsonProperty("results") List<String> results,
                            @JsonProperty("tls") Boolean tls) {

        Destination toDestination(String field, List<String> problems) {
            checkAeTitle(field + ".aeTitle", aeTitle, problems);
            checkPort(field + ".port", port, problems);
            if (name == null || name.isBlank()) problems.add(field + ".name is missing");
            if (host == null || host.isBlank()) problems.add(field + ".host is missing");
            List<ResultType> wanted = new ArrayList<>();
            for (String r : results == null ? RESULT_TYPES : results) {
                if (!RESULT_TYPES.contains(r)) {
                    problems.add(field + ".results: '" + r + "' is not one of " + RESULT_TYPES);
                } else if (!wanted.contains(ResultType.valueOf(r))) {
                    wanted.add(ResultType.valueOf(r));
                }
            }
            return new Destination(name, aeTitle == null ? null : aeTitle.strip(),
                    new Connection(host == null ? null : host.strip(), port == null ? 0 : port, Boolean.TRUE.equals(tls)), List.copyOf(wanted));
        }
    }

    record TlsModel(@JsonProperty(value = "port") Integer port,
                    @JsonProperty("keyStore") String keyStore,
                    @JsonProperty("keyStorePassword") String keyStorePassword,
                    @JsonProperty("trustStore") String trustStore,
                    @JsonProperty("trustStorePassword") String trustStorePassword,
                    @JsonProperty("requireClientCertificate") Boolean requireClientCertificate) {

        TlsMaterial toMaterial(List<String> problems) {
            checkPort("tls.port", port, problems);
            Path keys = storePath("tls.keyStore", keyStore, true, problems);
            Path trusted = storePath("tls.trustStore", trustStore, Boolean.TRUE.equals(requireClientCertificate), problems);
            TlsMaterial tls = new TlsMaterial(keys, keyStorePassword == null ? "" : keyStorePassword,
                    trusted, trustStorePassword == null ? "" : trustStorePassword, Boolean.TRUE.equals(requireClientCertificate));
            if (problems.isEmpty()) {
                try {
                    TlsContext.create(tls); // a wrong password or a broken store is reported now, not at the first caller
                } catch (java.security.GeneralSecurityException | IOException e) {
                    problems.add("tls: cannot use the key or trust store: " + e.getMessage());
                }
            }
            return tls;
        }

        private static Path storePath(String field, String value, boolean required, List<String> problems) {
            if (value == null || value.isBlank()) {
                if (required) problems.add(field + " is missing");
                return null;
            }
            Path p = Path.of(value.strip());
            if (!Files.isReadable(p)) problems.add(field + " '" + value + "' is not a readable file");
            return p;
        }
    }
}
