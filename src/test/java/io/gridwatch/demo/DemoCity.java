package io.gridwatch.demo;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridImports;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.importing.RawGridFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The committed demo grid of Chengdu as a resolver, for tests that need no server. */
final class DemoCity {
  private static GridResolver resolver;

  private DemoCity() {}

  static synchronized GridResolver resolver() {
    if (resolver == null) {
      List<GridCell> cells = new ArrayList<>();
      for (int level = 1; level <= 3; level++) {
        try {
          for (RawGridFeature f : GridImports.readGeoJson(Files.readAllBytes(Path.of("geodata/chengdu/level" + level
              + ".geojson")))) {
            cells.add(new GridCell(f.code(), level, f.name(), f.parentCode(), f.geometry()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      resolver = GridResolver.build(cells);
    }
    return resolver;
  }
}
