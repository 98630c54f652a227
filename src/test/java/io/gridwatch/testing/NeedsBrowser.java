package io.gridwatch.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that drives a real browser (Debian Chromium through Playwright) against a
 * running server, so it also needs the database. The fast layer ({@code mvn -Pfast test}) leaves
 * these out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@Tag("database")
public @interface NeedsBrowser {}
