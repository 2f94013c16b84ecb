package org.mammoai.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSpaceTest {
    @TempDir
    Path root;

    @Test
    void measuresTheSpoolsFileSystemAtEachQuestion() throws Exception {
        SpoolSpace space = new SpoolSpace(new Spool(root), new MemorySize(BigInteger.valueOf(256L << 20)));
        long before = space.freeBytes();
        assertThat(before).isCloseTo(Files.getFileStore(root).getUsableSpace(), org.assertj.core.data.Offset.offset(64L << 20));

        Path big = root.resolve("big");
        Files.write(big, new byte[64 << 20]);
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true); // allocated on disk, so statvfs counts it
        }
        assertThat(space.freeBytes()).as("asked again, not remembered").isLessThan(before - (32L << 20));
    }

    @Test
    void aMinimumAboveTheDiskMeansNoRoom() {
        assertThat(new SpoolSpace(new Spool(root), new MemorySize(BigInteger.valueOf(Long.MAX_VALUE))).hasRoom()).isFalse();
        assertThat(new SpoolSpace(new Spool(root), new MemorySize(BigInteger.ONE)).hasRoom()).isTrue();
    }
}
