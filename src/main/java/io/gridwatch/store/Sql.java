package io.gridwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL statements kept as resource files under {@code sql/}, one statement per file, read once
 * and cached. Thread-safe.
 */
public final class Sql {
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private Sql() {}

  /** The statement in {@code sql/<name>.sql}, e.g. {@code Sql.get("grid/insert-cell")}. */
  public static String get(String name) {
    return CACHE.computeIfAbsent(name, Sql::read);
  }

  private static String read(String name) {
    String path = "sql/" + name + ".sql";
    try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll(";$", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
