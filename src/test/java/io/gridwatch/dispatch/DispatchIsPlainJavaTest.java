package io.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ranking is a pure core (ARCHITECTURE.md, convention 5): no Vert.x, no database, no I/O.
 * Checked on the sources, since the project has no ArchUnit rules for this package yet.
 */
class DispatchIsPlainJavaTest {

  private static final List<String> FORBIDDEN = List.of("import io.vertx", "import java.sql",
      "import java.io", "import java.nio", "import java.net", "Clock", "System.currentTimeMillis",
      "Instant.now", "new Random");

  @Test
  void the_dispatch_sources_import_no_vertx_database_io_or_clock() throws IOException {
    Path dir = Path.of("src/main/java/io/gridwatch/dispatch");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
      assertThat(sources).hasSizeGreaterThan(5);
      for (Path source : sources) {
        String text = Files.readString(source);
        for (String forbidden : FORBIDDEN) {
          assertThat(text).as("%s contains %s", source.getFileName(), forbidden).doesNotContain(forbidden);
        }
      }
    }
  }
}
