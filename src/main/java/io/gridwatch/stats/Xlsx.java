package io.gridwatch.stats;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A {@link Table} as a minimal Office Open XML workbook (.xlsx, ECMA-376 SpreadsheetML): one sheet,
 * the header row then one row per item; numbers as numbers, everything else as inline strings
 * (which a spreadsheet never evaluates as formulas). Five parts: content types, the package
 * relationships, the workbook, its relationships, the sheet. Blocking CPU work proportional to the
 * table (bounded: at most 366 days or a few thousand cells): run it on a worker thread. Pure and
 * thread-safe.
 */
final class Xlsx {
  private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  private static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

  private Xlsx() {}

  static byte[] write(Table table, boolean english) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      part(zip, "[Content_Types].xml", """
          <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
          <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
          <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
          <Default Extension="xml" ContentType="application/xml"/>\
          <Override PartName="/xl/workbook.xml" \
          ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
          <Override PartName="/xl/worksheets/sheet1.xml" \
          ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
          </Types>""");
      part(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          + "<Relationships xmlns=\"" + PKG_REL + "\"><Relationship Id=\"rId1\" Type=\"" + REL
          + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
      part(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          + "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\"><sheets><sheet name=\""
          + escape(table.sheet()) + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
      part(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          + "<Relationships xmlns=\"" + PKG_REL + "\"><Relationship Id=\"rId1\" Type=\"" + REL
          + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
      part(zip, "xl/worksheets/sheet1.xml", sheet(table, english));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String sheet(Table table, boolean english) {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"")
        .append(MAIN).append("\"><sheetData>");
    int r = 1;
    x.append("<row r=\"1\">");
    for (int c = 0; c < table.columns().size(); c++) {
      text(x, ref(c, r), table.columns().get(c).header(english));
    }
    x.append("</row>");
    for (JsonObject row : table.rows()) {
      r++;
      x.append("<row r=\"").append(r).append("\">");
      for (int c = 0; c < table.columns().size(); c++) {
        Table.Column column = table.columns().get(c);
        if (Table.numeric(row, column)) {
          x.append("<c r=\"").append(ref(c, r)).append("\"><v>").append(Table.text(row, column)).append("</v></c>");
        } else {
          text(x, ref(c, r), Table.text(row, column));
        }
      }
      x.append("</row>");
    }
    return x.append("</sheetData></worksheet>").toString();
  }

  private static void text(StringBuilder x, String ref, String value) {
    x.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">").append(escape(value))
        .append("</t></is></c>");
  }

  /** The A1 reference of column {@code c} (0-based) in row {@code r} (1-based). */
  static String ref(int c, int r) {
    StringBuilder col = new StringBuilder();
    for (int n = c + 1; n > 0; n = (n - 1) / 26) {
      col.insert(0, (char) ('A' + (n - 1) % 26));
    }
    return col.append(r).toString();
  }

  /** XML text: the five entities escaped, characters XML 1.0 forbids dropped. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
              || cp >= 0x10000) {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.toString();
  }

  private static void part(ZipOutputStream zip, String name, String xml) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(xml.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
