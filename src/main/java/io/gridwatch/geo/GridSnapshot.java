package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * The grid as one immutable value: the resolver over the current cells and each cell's GeoJSON
 * feature, rendered once. A new snapshot is built off the event loop after every import and
 * swapped in atomically, so readers always see one consistent generation. Thread-safe.
 */
public final class GridSnapshot {
  private final long version;
  private final GridResolver resolver;
  private final Map<String, String> featureJson;
  private final Map<String, GridCell> cellsByCode;

  private GridSnapshot(long version, GridResolver resolver, Map<String, String> featureJson,
      Map<String, GridCell> cellsByCode) {
    this.version = version;
    this.resolver = resolver;
    this.featureJson = featureJson;
    this.cellsByCode = cellsByCode;
  }

  /** Builds the index and renders the features: heavy, call from a worker thread. */
  public static GridSnapshot build(long version, Collection<GridCell> cells, ResolverSettings settings) {
    GridResolver resolver = GridResolver.build(cells, settings);
    GeoJsonWriter writer = new GeoJsonWriter(7);
    writer.setEncodeCRS(false);
    Map<String, String> features = new HashMap<>(cells.size() * 2);
    Map<String, GridCell> byCode = new HashMap<>(cells.size() * 2);
    for (GridCell c : cells) {
      byCode.put(c.code(), c);
      JsonObject props = new JsonObject()
          .put("code", c.code()).put("level", c.level()).put("name", c.name()).put("parentCode", c.parentCode());
      features.put(c.code(), "{\"type\":\"Feature\",\"id\":\"" + c.code() + "\",\"properties\":" + props.encode()
          + ",\"geometry\":" + writer.write(c.geometry()) + "}");
    }
    return new GridSnapshot(version, resolver, Map.copyOf(features), Map.copyOf(byCode));
  }

  /** Increases with every swap; part of the cells' ETag. */
  public long version() {
    return version;
  }

  public GridResolver resolver() {
    return resolver;
  }

  /** Every current cell by code (unmodifiable). */
  public Map<String, GridCell> cellsByCode() {
    return cellsByCode;
  }

  /** The pre-rendered GeoJSON Feature of a current cell. */
  public String featureJson(String code) {
    return featureJson.get(code);
  }

  /** A FeatureCollection of the given cells, in their order. */
  public String featureCollection(List<GridCell> cells) {
    StringBuilder out = new StringBuilder(64 + cells.size() * 2048);
    out.append("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(featureJson.get(cells.get(i).code()));
    }
    return out.append("]}").toString();
  }
}
