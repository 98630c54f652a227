package io.gridwatch;

import io.gridwatch.config.ConfigException;
import io.gridwatch.config.ConfigKeys;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.GridImports;
import io.gridwatch.geo.demo.DemoGridGenerator;
import io.gridwatch.http.ApiException;
import io.gridwatch.store.DatabaseUnavailableException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line. {@code java -jar gridwatch.jar [--demo] [--config FILE]} starts the server;
 * subcommands: {@code import-grid}, {@code generate-demo-grid}, {@code help}.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** {@link #run} result: the server is up and the JVM stays alive. */
  static final int KEEP_RUNNING = -1;

  private Main() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(List.of(args));
    } catch (UsageException e) {
      System.err.println("gridwatch: " + e.getMessage());
      System.err.println("Run 'java -jar gridwatch.jar help' for usage.");
      status = 2;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      status = 2;
    } catch (DatabaseUnavailableException e) {
      LOG.error(e.getMessage());
      status = 1;
    } catch (RuntimeException e) {
      LOG.error("GridWatch stopped: {}", e.getMessage(), e);
      System.err.println("gridwatch: " + e.getMessage());
      status = 1;
    }
    // A started server keeps running on Vert.x's threads; every other command ends here.
    if (status != KEEP_RUNNING) {
      System.exit(status);
    }
  }

  static int run(List<String> args) {
    Args a = Args.parse(args);
    switch (a.command) {
      case "help" -> {
        System.out.println(usage());
        return 0;
      }
      case "generate-demo-grid" -> {
        Path source = Path.of(a.option("--source", "geodata/sources/chengdu-districts.geojson"));
        Path out = Path.of(a.option("--out", "geodata/chengdu"));
        long seed = Long.parseLong(a.option("--seed", String.valueOf(DemoGridGenerator.DEFAULT_SEED)));
        DemoGridGenerator.generate(source, out, seed);
        System.out.println("Demo grid written to " + out);
        return 0;
      }
      case "import-grid" -> {
        return importGrid(a);
      }
      case "serve" -> {
        GridWatchConfig config = ConfigLoader.load(a.configFile(), System.getenv(), a.flags.contains("--demo"));
        if (config.demo()) {
          LOG.info("--demo: demo users, field staff for every district, the demo employers and live traffic"
              + " ({} complaints a minute, seed {})", config.demoComplaintsPerMinute(), config.demoSeed());
        }
        GridWatchApp app = GridWatchApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "gridwatch-shutdown"));
        LOG.info("GridWatch is up: http://localhost:{}/  (grid: {} cells)", app.httpPort(),
            app.grid().snapshot().resolver().size());
        return KEEP_RUNNING;
      }
      default -> throw new UsageException("unknown command '" + a.command + "'");
    }
  }

  private static int importGrid(Args a) {
    if (a.positional.size() != 1) {
      throw new UsageException("import-grid needs exactly one FILE (.geojson/.json or .gpkg)");
    }
    Path file = Path.of(a.positional.get(0));
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no such file: " + file);
    }
    int level;
    try {
      level = Integer.parseInt(a.option("--level", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("import-grid needs --level 1..4");
    }
    boolean dryRun = a.flags.contains("--dry-run");
    GridWatchConfig config = ConfigLoader.load(a.configFile(), System.getenv(), false);
    try (GridWatchApp app = GridWatchApp.open(config)) {
      boolean gpkg = file.getFileName().toString().toLowerCase().endsWith(".gpkg");
      JsonObject report = app.grid().importCells(level,
          () -> gpkg ? GridImports.readGeoPackage(file) : GridImports.readGeoJson(Files.readAllBytes(file)),
          "cli " + file.toAbsolutePath(), io.gridwatch.audit.Actor.cli(), dryRun).await();
      System.out.println(report.encodePrettily());
      return 0;
    } catch (ApiException e) {
      JsonObject problem = new JsonObject().put("problem", e.slug()).put("detail", e.getMessage());
      if (!e.errors().isEmpty()) {
        problem.put("errors", e.errors().stream().map(x -> x.field() + ": " + x.message()).toList());
      }
      System.err.println(problem.encodePrettily());
      return 1;
    }
  }

  static String usage() {
    StringBuilder s = new StringBuilder("""
        GridWatch: command and dispatch for grid-based labour inspection

        Usage:
          java -jar gridwatch.jar [--demo] [--config FILE]     start the server
          java -jar gridwatch.jar import-grid --level N [--dry-run] [--config FILE] FILE
                                                              import cells (GeoJSON or GeoPackage)
          java -jar gridwatch.jar generate-demo-grid [--source FILE] [--out DIR] [--seed N]
                                                              regenerate the demo city's levels 1-3
          java -jar gridwatch.jar help

        Configuration (defaults < --config FILE (.json or .properties) < environment):
        """);
    for (Map.Entry<String, String> e : ConfigLoader.defaults().entrySet()) {
      s.append(String.format("  %-22s %-34s default %s%n", e.getKey(), ConfigKeys.envName(e.getKey()),
          e.getValue().isEmpty() ? "(none)" : e.getValue()));
    }
    return s.toString();
  }

  /** Thrown for a wrong command line; printed without a stack trace. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private static final class Args {
    String command = "serve";
    final List<String> flags = new ArrayList<>();
    final Map<String, String> options = new java.util.HashMap<>();
    final List<String> positional = new ArrayList<>();
    private static final List<String> WITH_VALUE = List.of("--config", "--level", "--source", "--out", "--seed");
    private static final List<String> FLAGS = List.of("--demo", "--dry-run");

    static Args parse(List<String> args) {
      Args a = new Args();
      int i = 0;
      if (!args.isEmpty() && !args.get(0).startsWith("-")) {
        a.command = args.get(0);
        i = 1;
      } else if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
        a.command = "help";
        return a;
      }
      for (; i < args.size(); i++) {
        String arg = args.get(i);
        if (WITH_VALUE.contains(arg)) {
          if (i + 1 >= args.size()) {
            throw new UsageException(arg + " needs a value");
          }
          a.options.put(arg, args.get(++i));
        } else if (FLAGS.contains(arg)) {
          a.flags.add(arg);
        } else if (arg.startsWith("-")) {
          throw new UsageException("unknown option " + arg);
        } else {
          a.positional.add(arg);
        }
      }
      if (a.command.equals("serve") && !a.positional.isEmpty()) {
        throw new UsageException("unexpected argument " + a.positional.get(0));
      }
      return a;
    }

    String option(String name, String fallback) {
      return options.getOrDefault(name, fallback);
    }

    Optional<Path> configFile() {
      return Optional.ofNullable(options.get("--config")).map(Path::of);
    }
  }
}
