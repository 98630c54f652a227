package io.gridwatch.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that needs a real PostgreSQL (directly, or through {@link TestServer} or
 * {@link ServerProcess}). The fast layer ({@code mvn -Pfast test}) leaves these out, and there
 * {@link TestDatabase} refuses to connect, so a test that needs the database but is not marked
 * fails at once instead of passing by luck.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
public @interface NeedsDatabase {}
