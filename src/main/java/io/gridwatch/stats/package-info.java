/**
 * Figures (统计): the key figures leadership and the command wall read, each computed in one SQL
 * statement from the cases, their event log and their deadlines, scoped to the caller:
 * {@code GET /api/stats/summary} (one period, {@code sql/stats/summary.sql}, {@link
 * io.gridwatch.stats.Summary}), {@code GET /api/stats/trend} (day by day, {@code
 * sql/stats/trend.sql}) and {@code GET /api/stats/ranking} (cell by cell, {@code
 * sql/stats/ranking.sql}), the last two also as CSV and XLSX ({@code Csv}, {@code Xlsx}).
 * docs/figures.md defines every figure.
 */
package io.gridwatch.stats;
