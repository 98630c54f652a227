package io.gridwatch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shipped logback.xml (with {@code conversionRule class=...}, logback 1.5's syntax) still
 * wires the masking converters into the console pattern: a message and an exception holding a
 * mobile and an ID number come out masked.
 */
class LogMaskingConfigTest {

  @Test
  void the_console_pattern_masks_phone_and_id_numbers_in_messages_and_stack_traces() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
    assertThat(console).as("the STDOUT appender of logback.xml").isNotNull();
    LayoutWrappingEncoder<ILoggingEvent> encoder = (LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder();

    LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.WARN,
        "complainant 13912345678 with id 510104199001011234", new IllegalStateException("phone 13987654321"), null);
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).contains("139****5678").contains("510104********1234").contains("139****4321")
        .doesNotContain("13912345678").doesNotContain("199001011234").doesNotContain("13987654321");
  }
}
