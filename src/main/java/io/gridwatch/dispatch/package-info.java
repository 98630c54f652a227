/**
 * Dispatch: who should take a case. So far the pure core of the recommendation (issue 11, item
 * 2): {@link io.gridwatch.dispatch.TeamRanker#rank} turns a {@link
 * io.gridwatch.dispatch.DispatchCase}, the {@link io.gridwatch.dispatch.Staff} on the roster and
 * "now" into a {@link io.gridwatch.dispatch.Recommendation}: teams, best first, each explained by
 * {@link io.gridwatch.dispatch.Reason}s. Plain Java: no Vert.x, no database, no I/O, no clock
 * (ARCHITECTURE.md, convention 5); distances come from {@link io.gridwatch.geo.model.GeoMath}. Every
 * type is immutable and every function pure, so the package is thread-safe and is tested without
 * a server.
 *
 * <p>Still to come in issue 11: the roster and positions that build the {@code Staff}, the
 * endpoint {@code GET /api/cases/{caseId}/candidates}, the acceptance timeout and the field app.
 * See docs/dispatch.md.
 */
package io.gridwatch.dispatch;
