package org.mammoai.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The toolkits' verdicts every object we write must pass: dicom3tools for the IOD, dcmtk for SR content. */
public final class ObjectChecks {
    private ObjectChecks() {}

    /** dciodvfy: no line starting with "Error"; for SRs also dsrdump with no E:/F: line and dsr2html rendering it. */
    public static void assertValid(Path file) {
        try {
            Tool iod = Tool.run("dciodvfy", file.toString());
            assertThat(iod.output().lines().filter(l -> l.startsWith("Error")).toList()).as("dciodvfy " + file + "\n" + iod.output()).isEmpty();
            if (Tool.run("dcmdump", "+P", "0008,0060", file.toString()).output().contains("[SR]")) assertValidSr(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** dcmtk's SR reader and checker: no error or fatal line, and the HTML rendering succeeds. */
    public static void assertValidSr(Path file) throws Exception {
        Tool dump = Tool.run("dsrdump", file.toString());
        List<String> problems = dump.output().lines().filter(l -> l.startsWith("E:") || l.startsWith("F:")).toList();
        assertThat(problems).as("dsrdump " + file + "\n" + dump.output()).isEmpty();
        assertThat(dump.exitCode()).as(dump.output()).isZero();
        Tool html = Tool.run("dsr2html", file.toString(), file.resolveSibling(file.getFileName() + ".html").toString());
        assertThat(html.exitCode()).as("dsr2html " + file + "\n" + html.output()).isZero();
    }
}
