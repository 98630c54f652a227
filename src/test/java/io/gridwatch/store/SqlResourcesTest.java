package io.gridwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every statement the code names is a file that {@link Sql#loadAll()} reads at start. */
class SqlResourcesTest {

  @Test
  void every_statement_named_in_the_code_is_loaded_at_start() throws IOException {
    Set<String> loaded = Sql.loadAll();
    Pattern named = Pattern.compile("Sql\\.get\\(\"([a-z0-9/-]+)\"\\)");
    List<String> names;
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      names = sources.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          Matcher m = named.matcher(Files.readString(p));
          return m.results().map(r -> r.group(1)).toList().stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).distinct().toList();
    }
    assertThat(names).hasSizeGreaterThan(50);
    assertThat(loaded).containsAll(names);
    for (String name : names) {
      assertThat(Sql.get(name)).as(name).isNotBlank().doesNotEndWith(";");
    }
  }
}
