package org.mammoai.node.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what the in-process node logs (every logger, at the levels configured) while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** Records at or above a level from loggers whose name starts with the prefix. */
    public List<LogRecord> from(String loggerPrefix, Level atLeast) {
        return records.stream().filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith(loggerPrefix)
                && r.getLevel().intValue() >= atLeast.intValue()).toList();
    }

    /** The formatted message of a record (jboss-logging records carry their parameters separately). */
    public static String text(LogRecord r) {
        Object[] p = r.getParameters();
        String m = r.getMessage();
        if (p != null && p.length > 0 && m != null && m.contains("%")) return String.format(m, p);
        return p != null && p.length > 0 ? java.text.MessageFormat.format(m, p) : m;
    }

    @Override public void publish(LogRecord record) { records.add(record); }
    @Override public void flush() {}
    @Override public void close() { Logger.getLogger("").removeHandler(this); }
}
