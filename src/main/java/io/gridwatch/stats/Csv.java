package io.gridwatch.stats;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link Table} as CSV (RFC 4180): UTF-8 with a byte-order mark so that Excel reads the Chinese
 * headers right, CRLF line ends, every field quoted when it holds a comma, a quote, CR or LF (quotes
 * doubled). Text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or
 * CR) is prefixed with an apostrophe; numbers are written as they are (a negative number is never
 * text here, so no figure is altered). Pure and thread-safe.
 */
final class Csv {
  private static final String BOM = "\uFEFF";

  private Csv() {}

  static byte[] write(Table table, boolean english) {
    StringBuilder out = new StringBuilder(BOM);
    line(out, table.columns().stream().map(c -> guard(c.header(english))).toList());
    for (JsonObject row : table.rows()) {
      line(out, table.columns().stream()
          .map(c -> Table.numeric(row, c) ? Table.text(row, c) : guard(Table.text(row, c))).toList());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The text, defused against formula injection (an apostrophe before = + - @ tab CR). */
  static String guard(String text) {
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return text;
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String f = fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        out.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        out.append(f);
      }
    }
    out.append("\r\n");
  }
}
