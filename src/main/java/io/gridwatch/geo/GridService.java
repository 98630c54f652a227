package io.gridwatch.geo;

import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.importing.GridImportPlanner;
import io.gridwatch.geo.importing.ImportBudget;
import io.gridwatch.geo.importing.ImportBudgetExceededException;
import io.gridwatch.geo.importing.ImportPlan;
import io.gridwatch.geo.importing.RawGridFeature;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.store.GridStore;
import io.gridwatch.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the current {@link GridSnapshot} and every change to the grid. Reads are lock-free (one
 * volatile read of the snapshot); imports run one at a time per node (and one at a time across
 * nodes through the store's advisory lock), do their parsing, repair and analysis on worker
 * threads, commit in one transaction with their {@code grid.import} audit line and then swap in
 * a freshly built snapshot.
 *
 * <p>Reading and planning an import run on a worker pool of their own ({@value
 * #IMPORT_WORKER_POOL}, one thread), so a heavy import never takes a thread from the shared
 * worker pool that other requests use, and within the import's {@link ImportBudget}: a file over
 * a budget is refused with a 422, the work stops with the answer and the import lock is released.
 * No database connection is held while an import computes; the transaction only writes.
 */
public final class GridService {
  private static final Logger LOG = LoggerFactory.getLogger(GridService.class);
  /** Seed files, in import order, looked up in the seed folder and then inside the jar. */
  static final List<String> SEED_FILES = List.of("level1.geojson", "level2.geojson", "level3.geojson", "level4.geojson");

  /** Name of the worker pool (and prefix of its thread names) that reads and plans imports. */
  public static final String IMPORT_WORKER_POOL = "gridwatch-grid-import";
  private static final GridImportPlanner PLANNER = new GridImportPlanner();
  private static final Duration SEED_PLANNING_TIME = Duration.ofMinutes(10);
  private final Vertx vertx;
  private final GridStore store;
  private final AuditLog audit;
  private final GridWatchConfig config;
  private final ResolverSettings settings;
  private final AtomicReference<GridSnapshot> current = new AtomicReference<>();
  private final AtomicBoolean importing = new AtomicBoolean();
  private final WorkerExecutor importWorker;

  public GridService(Vertx vertx, GridStore store, AuditLog audit, GridWatchConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.audit = audit;
    this.config = config;
    this.settings = new ResolverSettings(config.gridBoundaryMeters(), config.gridSnapMeters());
    this.importWorker = vertx.createSharedWorkerExecutor(IMPORT_WORKER_POOL, 1);
  }

  /** The grid now. Never null once {@link #start()} has succeeded. */
  public GridSnapshot snapshot() {
    return current.get();
  }

  /** Loads the current grid; on an empty database first imports the seed grid (the demo city). */
  public Future<Void> start() {
    return store.countCurrent()
        .compose(n -> n > 0 || !config.gridSeedOnEmpty() ? Future.succeededFuture() : seed()).compose(v -> reload());
  }

  private Future<Void> reload() {
    return store.loadCurrent()
        .compose(cells -> vertx.executeBlocking(() -> {
          long started = System.nanoTime();
          GridSnapshot previous = current.get();
          GridSnapshot next = GridSnapshot.build(previous == null ? 1 : previous.version() + 1, cells, settings);
          LOG.info("Grid index built: {} cells in {} ms", cells.size(), (System.nanoTime() - started) / 1_000_000);
          return next;
        }, false))
        .onSuccess(current::set)
        .mapEmpty();
  }

  private Future<Void> seed() {
    Map<String, GridCell> cells = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < SEED_FILES.size(); i++) {
      int level = i + 1;
      String file = SEED_FILES.get(i);
      chain = chain.compose(v -> vertx.executeBlocking(() -> readSeed(file), false)
          .compose(bytes -> {
            if (bytes.isEmpty()) {
              return Future.succeededFuture();
            }
            LOG.info("Empty grid: loading level {} from the seed {}", level, file);
            return importWorker.executeBlocking(() -> {
                  // The seed is our own file, not an upload: it gets the count budgets but time
                  // enough for a busy machine, so that a slow start is never a failed start.
                  ImportBudget budget = new ImportBudget(PLANNER.limits().withPlanningTime(SEED_PLANNING_TIME));
                  List<RawGridFeature> features = GridImports.readGeoJson(bytes.get());
                  return PLANNER.plan(level, features, Map.copyOf(cells), budget);
                }, false)
                .compose(plan -> saveAudited(level, "seed " + config.gridSeedDir().resolve(file), Actor.system(),
                        plan.accepted(), GridImports.report(plan))
                    .onSuccess(r -> plan.accepted().forEach(c -> cells.put(c.code(), c)))
                    .mapEmpty());
          }));
    }
    return chain;
  }

  private Optional<byte[]> readSeed(String file) throws IOException {
    Path onDisk = config.gridSeedDir().resolve(file);
    if (Files.isRegularFile(onDisk)) {
      return Optional.of(Files.readAllBytes(onDisk));
    }
    try (InputStream in = GridService.class.getClassLoader().getResourceAsStream("geodata/chengdu/" + file)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  /**
   * Imports cells of one level. {@code reader} runs on a worker and may throw the import
   * pipeline's exceptions (which become 4xx problems). With {@code dryRun} nothing is written
   * and the report says what would happen.
   *
   * @return the import report: {@code imported, unchanged, repaired, rejected, overlaps, gaps, ...}
   */
  public Future<JsonObject> importCells(int level, Callable<List<RawGridFeature>> reader, String source,
      Actor actor, boolean dryRun) {
    if (!importing.compareAndSet(false, true)) {
      return Future.failedFuture(ApiException.conflict("import-in-progress", "Import in progress",
          "Another grid import is running on this server; try again when it has finished."));
    }
    Map<String, GridCell> currentCells = snapshot().cellsByCode();
    return importWorker.executeBlocking(() -> {
          // The budget's clock starts before reading: the whole computation is within it.
          ImportBudget budget = new ImportBudget(PLANNER.limits());
          ImportPlan plan;
          try {
            plan = PLANNER.plan(level, reader.call(), currentCells, budget);
          } catch (ImportBudgetExceededException e) {
            LOG.warn("Grid import refused after {} ms, nothing imported: {}",
                budget.usage().elapsed().toMillis(), e.getMessage());
            throw e;
          }
          ImportBudget.Usage used = budget.usage();
          LOG.info("Grid import planned in {} ms: {} cells; most per feature: {} vertices, {} rings, "
                  + "{} self-intersections, {} boundary intersections, {} ms (cell {}); "
                  + "largest overlay {} vertices", used.elapsed().toMillis(), plan.accepted().size(),
              used.maxVerticesPerFeature(), used.maxRingsPerFeature(),
              used.maxSelfIntersectionsPerFeature(), used.maxBoundaryIntersectionsPerFeature(),
              used.maxFeatureTime().toMillis(), used.slowestFeature(), used.maxVerticesPerOverlay());
          return plan;
        }, false)
        .compose(plan -> {
          JsonObject report = GridImports.report(plan);
          if (dryRun) {
            return Future.succeededFuture(report.put("dryRun", true).put("imported", 0)
                .put("wouldImport", plan.accepted().size()));
          }
          return saveAudited(level, source, actor, plan.accepted(), report)
              .compose(result -> reload().map(v -> report
                  .put("imported", result.inserted())
                  .put("unchanged", result.unchanged())
                  .put("generationId", result.generationId())
                  .put("importedAt", result.importedAt().toString())));
        })
        .recover(GridImports::translate)
        // Audited before the answer (and before the command line closes the database).
        .recover(e -> dryRun ? Future.<JsonObject>failedFuture(e)
            : auditFailure(level, source, actor, e).transform(ar -> Future.<JsonObject>failedFuture(e)))
        .onComplete(ar -> importing.set(false));
  }

  /** Saves an import and its {@code grid.import} audit line in one transaction. */
  private Future<GridStore.ImportResult> saveAudited(int level, String source, Actor actor, List<GridCell> accepted,
      JsonObject report) {
    return store.saveImport(level, source, actor.name(), accepted, report, (conn, result) -> audit.record(conn,
        actor.entry("grid.import", "grid_generation", String.valueOf(result.generationId()),
            AuditEntry.Outcome.SUCCESS, new JsonObject()
                .put("level", level)
                .put("source", source)
                .put("generationId", result.generationId())
                .put("imported", result.inserted())
                .put("unchanged", result.unchanged())
                .put("repaired", size(report, "repaired"))
                .put("rejected", size(report, "rejected"))
                .put("overlaps", size(report, "overlaps"))
                .put("gaps", size(report, "gaps")))));
  }

  /** A refused or failed import is audited too, on its own (nothing else was written). */
  private Future<Void> auditFailure(int level, String source, Actor actor, Throwable e) {
    JsonObject detail = new JsonObject().put("level", level).put("source", source);
    if (e instanceof ApiException api) {
      detail.put("problem", api.slug());
    }
    return audit.record(actor.entry("grid.import", "grid_generation", null, AuditEntry.Outcome.FAILURE, detail))
        .onFailure(x -> LOG.warn("Could not audit a failed grid import: {}", x.getMessage()))
        .mapEmpty();
  }

  private static int size(JsonObject report, String key) {
    io.vertx.core.json.JsonArray a = report.getJsonArray(key);
    return a == null ? 0 : a.size();
  }
}
