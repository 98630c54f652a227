package io.gridwatch.employers;

import io.gridwatch.auth.Scope;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The employer table: reads scoped by {@link Scope}, and inserts that skip codes already
 * registered (so seeding twice adds nothing). Thread-safe (stateless apart from the pool).
 */
public final class EmployerStore {
  private final Pool pool;

  public EmployerStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * What to list; null fields do not filter.
   *
   * @param cell a cell code: employers in it and below
   * @param text part of the name (case-insensitive), or a whole credit code
   */
  public record Filter(String cell, String text, Industry industry, IntegrityRating rating) {}

  /** One page of the employers in {@code scope} matching {@code filter}, by id, and the total. */
  public Future<JsonObject> list(Scope scope, Filter filter, int limit, int offset) {
    String pattern = filter.text() == null ? null : likeEscape(filter.text());
    String code = filter.text() == null ? null : CreditCode.normalise(filter.text());
    List<Object> conditions = java.util.Arrays.asList(scope.sqlPrefix(), filter.cell(), pattern, code,
        filter.industry() == null ? null : filter.industry().name(),
        filter.rating() == null ? null : filter.rating().name());
    Tuple where = Tuple.from(conditions);
    List<Object> withPage = new ArrayList<>(conditions);
    withPage.add(limit);
    withPage.add(offset);
    Tuple page = Tuple.from(withPage);
    return pool.preparedQuery(Sql.get("employers/list")).execute(page).compose(rows -> {
      JsonArray items = new JsonArray();
      long total = -1;
      for (Row r : rows) {
        items.add(employer(r).toJson());
        total = r.getLong("total");
      }
      if (total >= 0) {
        return Future.succeededFuture(new JsonObject().put("items", items).put("total", total));
      }
      // An empty page (offset past the end) carries no total: count separately.
      return pool.preparedQuery(Sql.get("employers/count")).execute(where)
          .map(c -> new JsonObject().put("items", items).put("total", c.iterator().next().getLong("total")));
    });
  }

  /** The employer with this id, or empty. */
  public Future<Optional<Employer>> get(long id) {
    return pool.preparedQuery(Sql.get("employers/select")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(employer(rows.iterator().next())));
  }

  /** Every employer, by id. For small registries (the demo's); the API pages. */
  public Future<List<Employer>> all() {
    return pool.query(Sql.get("employers/select-all")).execute().map(rows -> {
      List<Employer> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(employer(r)));
      return out;
    });
  }

  /**
   * Inserts the employers whose credit code is not registered yet, in one statement; answers how
   * many were new. Codes already present are left as they are.
   */
  public Future<Integer> insertNew(List<Employer> employers) {
    int n = employers.size();
    String[] names = new String[n];
    String[] codes = new String[n];
    String[] industries = new String[n];
    String[] addresses = new String[n];
    Double[] lons = new Double[n];
    Double[] lats = new Double[n];
    String[] cells = new String[n];
    Integer[] workforce = new Integer[n];
    String[] ratings = new String[n];
    Boolean[] deposit = new Boolean[n];
    Boolean[] account = new Boolean[n];
    Boolean[] attendance = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Employer e = employers.get(i);
      names[i] = e.name();
      codes[i] = e.creditCode();
      industries[i] = e.industry().name();
      addresses[i] = e.address();
      lons[i] = e.lon();
      lats[i] = e.lat();
      cells[i] = e.cellCode();
      workforce[i] = e.workforce();
      ratings[i] = e.rating().name();
      ConstructionSafeguards c = e.construction();
      deposit[i] = c == null ? null : c.wageGuaranteeDeposit();
      account[i] = c == null ? null : c.dedicatedWageAccount();
      attendance[i] = c == null ? null : c.realNameAttendance();
    }
    Tuple t = Tuple.from(List.<Object>of(names, codes, industries, addresses, lons, lats, cells, workforce, ratings,
        deposit, account, attendance));
    return pool.preparedQuery(Sql.get("employers/insert-many")).execute(t).map(rows -> rows.rowCount());
  }

  static Employer employer(Row r) {
    Industry industry = Industry.valueOf(r.getString("industry"));
    ConstructionSafeguards safeguards = industry == Industry.CONSTRUCTION
        ? new ConstructionSafeguards(r.getBoolean("wage_guarantee_deposit"), r.getBoolean("dedicated_wage_account"),
            r.getBoolean("real_name_attendance"))
        : null;
    return new Employer(r.getLong("id"), r.getString("name"), r.getString("credit_code"), industry,
        r.getString("address"), r.getDouble("lon"), r.getDouble("lat"), r.getString("cell_code"),
        r.getInteger("workforce"), IntegrityRating.valueOf(r.getString("integrity_rating")), safeguards,
        r.getOffsetDateTime("created_at"));
  }

  /** {@code text} as a literal inside a LIKE pattern (escape character {@code \}). */
  static String likeEscape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
