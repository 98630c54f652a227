/**
 * Figures (统计): {@code GET /api/stats/summary}, the key figures leadership and the command wall
 * read, computed in one SQL statement ({@code sql/stats/summary.sql}) from the cases, their event
 * log and their deadlines, scoped to the caller. {@link io.gridwatch.stats.Summary} defines each
 * figure.
 */
package io.gridwatch.stats;
