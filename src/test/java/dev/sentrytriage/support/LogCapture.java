package dev.sentrytriage.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

/**
 * Everything logged (every category, at every level enabled) while it is open, as the text a log line would show:
 * the formatted message and each exception of the record's cause chain with its message.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");

    /** Starts capturing; {@code debugCategories} are lowered to DEBUG while open (and put back on close). */
    public static LogCapture start(String... debugCategories) {
        LogCapture capture = new LogCapture(debugCategories);
        capture.root.addHandler(capture);
        return capture;
    }

    private final String[] debugCategories;
    private final Level[] previous;

    private LogCapture(String[] debugCategories) {
        this.debugCategories = debugCategories;
        this.previous = new Level[debugCategories.length];
        for (int i = 0; i < debugCategories.length; i++) {
            Logger logger = Logger.getLogger(debugCategories[i]);
            previous[i] = logger.getLevel();
            logger.setLevel(Level.FINE);
        }
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " [" + record.getLoggerName() + "] ");
        line.append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        for (Throwable t = record.getThrown(); t != null && t != t.getCause(); t = t.getCause()) {
            line.append("\n  caused by ").append(t);
        }
        lines.add(line.toString());
    }

    /** What was logged so far, one entry per record. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        for (int i = 0; i < debugCategories.length; i++) {
            Logger.getLogger(debugCategories[i]).setLevel(previous[i]);
        }
    }
}
