/**
 * The grid's model: a cell of the three-level grid ({@link io.gridwatch.geo.model.GridCell}),
 * areas and distances on WGS84 ({@link io.gridwatch.geo.model.LonLatArea}, {@link
 * io.gridwatch.geo.model.GeoMath}). Plain Java and JTS; what the grid service, its import and its
 * store all speak, so that none of them depends on another through these types.
 */
package io.gridwatch.geo.model;
