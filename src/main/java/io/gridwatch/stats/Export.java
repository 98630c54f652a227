package io.gridwatch.stats;

import io.gridwatch.http.Respond;
import io.gridwatch.http.Params;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a figures response is sent: {@code format=json} (default), {@code csv} or {@code xlsx}, with
 * the headers of the exports in Chinese ({@code lang=zh}, default) or English ({@code lang=en}).
 * The exports are written on a worker thread, never on the event loop.
 */
record Export(String format, boolean english) {
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** Reads {@code format} and {@code lang} (problems into {@code p}, reported by its validate). */
  static Export of(Params p) {
    String format = p.optionalText("format", "json|csv|xlsx", "one of json, csv, xlsx");
    String lang = p.optionalText("lang", "zh|en", "one of zh, en");
    return new Export(format == null ? "json" : format, "en".equals(lang));
  }

  void send(RoutingContext ctx, JsonObject json, Table table, String fileName) {
    if (format.equals("json")) {
      ctx.response().putHeader("Content-Type", "application/json").end(json.encode());
      return;
    }
    boolean csv = format.equals("csv");
    ctx.vertx().executeBlocking(() -> csv ? Csv.write(table, english) : Xlsx.write(table, english), false)
        .onComplete(Respond.to(ctx, bytes -> ctx.response()
            .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : XLSX)
            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + (csv ? ".csv" : ".xlsx") + "\"")
            .end(Buffer.buffer(bytes))));
  }
}
