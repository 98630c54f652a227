package io.gridwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * SQL statements kept as resource files under {@code sql/}, one statement per file. {@link
 * #loadAll()} reads every file once at start, on the starting thread, so no event loop ever
 * reads a file; {@link #get} then only looks them up. Thread-safe.
 */
public final class Sql {
  private static final String ROOT = "sql";
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private Sql() {}

  /** The statement in {@code sql/<name>.sql}, e.g. {@code Sql.get("grid/insert-cell")}. */
  public static String get(String name) {
    // Read on first use only where loadAll() did not run (tests of a single store).
    return CACHE.computeIfAbsent(name, Sql::read);
  }

  /**
   * Reads every statement under {@code sql/} into memory; the names read. Blocking (file or jar
   * I/O): call at start, from a plain thread.
   */
  public static Set<String> loadAll() {
    URL root = Sql.class.getClassLoader().getResource(ROOT);
    if (root == null) {
      throw new IllegalStateException("no " + ROOT + "/ resources on the class path");
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem open;
        try {
          open = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          return loadFrom(FileSystems.getFileSystem(uri).getPath("/" + ROOT));
        }
        try (FileSystem jar = open) {
          return loadFrom(jar.getPath("/" + ROOT));
        }
      }
      return loadFrom(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> loadFrom(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      Set<String> names = new TreeSet<>();
      files.filter(p -> p.getFileName().toString().endsWith(".sql")).forEach(p -> {
        String relative = dir.relativize(p).toString().replace('\\', '/');
        String name = relative.substring(0, relative.length() - ".sql".length());
        CACHE.put(name, read(name));
        names.add(name);
      });
      return names;
    }
  }

  private static String read(String name) {
    String path = ROOT + "/" + name + ".sql";
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
