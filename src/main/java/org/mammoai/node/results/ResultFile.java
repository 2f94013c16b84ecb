package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import java.nio.file.Path;

/** A result object written to disk, ready to send. */
public record ResultFile(ResultType type, String sopClassUid, String sopInstanceUid, Path path) {}
