package io.gridwatch.stats;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A figures table as the exports write it: the columns, each with the JSON name it is read from
 * and its Chinese and English headers, and the rows (the JSON items). Immutable.
 */
record Table(String sheet, List<Column> columns, List<JsonObject> rows) {

  /** One column: {@code key} of the row's JSON, headers {@code zh} and {@code en}. */
  record Column(String key, String zh, String en) {
    String header(boolean english) {
      return english ? en : zh;
    }
  }

  Table {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** The value of {@code column} in {@code row} as the export writes it: "" for null. */
  static String text(JsonObject row, Column column) {
    Object v = row.getValue(column.key());
    return v == null ? "" : v.toString();
  }

  /** Whether the value is a number (written as one in XLSX): counts, rates, and yuan amounts. */
  static boolean numeric(JsonObject row, Column column) {
    Object v = row.getValue(column.key());
    return v instanceof Number || column.key().equals("amountRecovered") && v instanceof String s
        && s.matches("[0-9]{1,14}\\.[0-9]{2}");
  }
}
