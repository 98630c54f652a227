package io.gridwatch.open311;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.cases.CaseService;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.Endpoint;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/**
 * The Open311 capability put together: the API clients, the GeoReport v2 endpoint
 * ({@code /open311/v2/}) and the administrators' endpoint for clients
 * ({@code /api/open311/clients}). docs/open311.md describes it.
 */
public final class Open311 {
  private final Open311Clients clients;
  private final Open311Endpoint endpoint;
  private final Open311ClientEndpoint admin;

  /** @param clock the time the per-client rate limits go by */
  public Open311(Pool pool, AuditLog audit, CaseService cases, GridService grid, GridWatchConfig config, Clock clock) {
    this.clients = new Open311Clients(pool, audit);
    this.endpoint = new Open311Endpoint(cases, grid, clients, new Open311Store(pool), audit, config, clock);
    this.admin = new Open311ClientEndpoint(clients, config);
  }

  public Open311Clients clients() {
    return clients;
  }

  public List<Endpoint> endpoints() {
    return List.of(endpoint, admin);
  }
}
