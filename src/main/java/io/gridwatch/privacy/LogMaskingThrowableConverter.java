package io.gridwatch.privacy;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter ({@code %maskedEx}): stack traces with phone and ID numbers masked in their
 * messages, the companion of {@link LogMaskingConverter}. Thread-safe.
 */
public final class LogMaskingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return LogMaskingConverter.mask(super.convert(event));
  }
}
