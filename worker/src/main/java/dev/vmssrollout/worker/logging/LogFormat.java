package dev.vmssrollout.worker.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * {@value #VARIABLE}: {@code text} (the default, as the Logback configuration says) or {@code json}:
 * one JSON object per line (Logstash's layout: @timestamp, level, logger_name, message, stack_trace,
 * and every MDC field, rolloutId and wave included), for log shippers that parse JSON.
 */
public final class LogFormat {

    public static final String VARIABLE = "VMSS_ROLLOUT_LOG_FORMAT";

    private LogFormat() {
    }

    public static void apply(Map<String, String> env) {
        String format = env.getOrDefault(VARIABLE, "text").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "", "text" -> {
                // as configured
            }
            case "json" -> json(LoggerFactory.getILoggerFactory());
            default -> throw new IllegalArgumentException(VARIABLE + " must be text or json, not '" + format + "'");
        }
    }

    /** Every appender that writes to a stream (the console, files) writes JSON from now on. */
    static void json(ILoggerFactory factory) {
        if (!(factory instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration decides
        }
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext(); ) {
                if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                    writeJson(stream, context);
                }
            }
        }
    }

    /** Swapped in place: stopping the appender would close its stream (System.out, for the console). */
    static void writeJson(OutputStreamAppender<ILoggingEvent> stream, LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        Encoder<ILoggingEvent> previous = stream.getEncoder();
        stream.setEncoder(encoder);
        if (previous != null) {
            previous.stop();
        }
    }
}
