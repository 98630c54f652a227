package io.gridwatch.privacy;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logback converter ({@code %maskedMsg}) that masks mainland mobile numbers and resident ID
 * numbers wherever they appear in a log message, so that logs never hold them in clear even
 * when a value slips into an exception message. Code should not log them in the first place;
 * this is the safety net. Thread-safe.
 */
public final class LogMaskingConverter extends MessageConverter {
  /** 18-character resident ID (17 digits + digit or X), not inside a longer number. */
  private static final Pattern ID = Pattern.compile("(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");
  /** Mainland mobile number, optionally with +86 / 86, not inside a longer number. */
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9])((?:\\+?86[- ]?)?1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])");

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }

  /** The text with every ID and mobile number masked. */
  public static String mask(String text) {
    if (text == null || text.length() < 11) {
      return text;
    }
    Matcher id = ID.matcher(text);
    String out = id.find() ? id.replaceAll("$1********$2") : text;
    Matcher mobile = MOBILE.matcher(out);
    return mobile.find() ? mobile.replaceAll("$1****$2") : out;
  }
}
