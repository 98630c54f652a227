package io.gridwatch.live.bench;

import io.gridwatch.live.OutboxWriter;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.store.Migrations;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many outbox commits per second the case store's SQL path (one {@code event_seq} row lock
 * held until commit, V4) sustains on this machine, with no server and no clients: the ceiling
 * under the fan-out benchmark's writer (docs/performance.md). Three rounds of 2,000 commits of
 * {@code eventsPerCommit} events each, all issued at once over {@code connections} connections;
 * a third argument {@code statement} commits through one statement instead (the benchmark's
 * writer).
 *
 * <pre>
 * mvn -o -Pbench test-compile exec:exec -Dbench.main=io.gridwatch.live.bench.OutboxCommitRate -Dbench.args="8 1"
 * mvn -o -Pbench test-compile exec:exec -Dbench.main=io.gridwatch.live.bench.OutboxCommitRate -Dbench.args="8 1 statement"
 * </pre>
 */
public final class OutboxCommitRate {
  private OutboxCommitRate() {}

  public static void main(String[] args) {
    int status = 0;
    try {
      run(args.length > 0 ? Integer.parseInt(args[0]) : 8, args.length > 1 ? Integer.parseInt(args[1]) : 1,
          args.length > 2 && args[2].equals("statement"));
    } catch (RuntimeException e) {
      e.printStackTrace(System.out);
      status = 1;
    }
    System.exit(status);
  }

  static void run(int connections, int eventsPerCommit, boolean oneStatement) {
    DatabaseUrl url = TestDatabase.create();
    Migrations.migrate(url);
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections))
        .connectingTo(url.connectOptions()).using(vertx).build();
    pool.query("INSERT INTO app_user (username, display_name, role, password_hash)"
        + " VALUES ('bench', 'bench', 'ADMIN', '$argon2-unused')").execute().await();
    long caseId = pool.query("INSERT INTO case_file (case_no, status, version, channel, category, employer_name,"
            + " workers_involved, description, complainant_name, complainant_phone, unassigned_reason)"
            + " VALUES ('GW-BENCH', 'RECEIVED', 1, 'HOTLINE', 'OTHER', 'e', 1, 'd', 'n', 'p', 'bench') RETURNING id")
        .execute().await().iterator().next().getLong(0);
    OutboxWriter writer = new OutboxWriter(pool);
    for (int round = 0; round < 3; round++) {
      int commits = 2000;
      long t0 = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < commits; i++) {
        all.add(oneStatement ? writer.commitInOneStatement(caseId, "510104001001", eventsPerCommit)
            : writer.commit(caseId, "510104001001", List.of(), eventsPerCommit, 0));
      }
      Future.all(all).await();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "%d commits of %d event(s) in %.2f s: %.0f commits/s, %.0f events/s"
          + " (%d connections, %s)%n", commits, eventsPerCommit, s, commits / s, commits * eventsPerCommit / s,
          connections, oneStatement ? "one statement" : "case-store statements");
    }
  }
}
