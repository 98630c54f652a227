package io.gridwatch.geo.demo;

import io.gridwatch.geo.*;
import io.gridwatch.geo.importing.*;
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.nio.file.*;
import java.util.*;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.*;
import org.locationtech.jts.geom.Polygon;

class RenderTmpTest {
  static void draw(Graphics2D g, org.locationtech.jts.geom.Geometry geom, double x0, double y1, double s, double k) {
    for (int i = 0; i < geom.getNumGeometries(); i++) {
      Polygon p = (Polygon) geom.getGeometryN(i);
      List<LineString> rings = new ArrayList<>(); rings.add(p.getExteriorRing());
      for (int j = 0; j < p.getNumInteriorRing(); j++) rings.add(p.getInteriorRingN(j));
      for (LineString r : rings) {
        Path2D path = new Path2D.Double();
        Coordinate[] cs = r.getCoordinates();
        for (int m = 0; m < cs.length; m++) {
          double x = (cs[m].x - x0) * s * k, y = (y1 - cs[m].y) * s;
          if (m == 0) path.moveTo(x, y); else path.lineTo(x, y);
        }
        g.draw(path);
      }
    }
  }
  static void render(String out, double[] box, int w) throws Exception {
    List<List<GridCell>> levels = new ArrayList<>();
    for (int l = 1; l <= 3; l++) {
      var fs = new GeoJsonGridReader().read(Files.readAllBytes(Path.of("/tmp/demo1/level" + l + ".geojson")));
      List<GridCell> cs = new ArrayList<>();
      for (var f : fs) cs.add(new GridCell(f.code(), l, f.name(), f.parentCode(), f.geometry()));
      levels.add(cs);
    }
    double k = Math.cos(Math.toRadians((box[1] + box[3]) / 2));
    double s = w / ((box[2] - box[0]) * k);
    int h = (int) ((box[3] - box[1]) * s);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE); g.fillRect(0, 0, w, h);
    Color[] cols = {Color.BLACK, new Color(30, 90, 220), new Color(190, 190, 190)};
    float[] widths = {2.5f, 1.5f, 0.6f};
    for (int l = 2; l >= 0; l--) {
      g.setColor(cols[l]); g.setStroke(new BasicStroke(widths[l]));
      for (var c : levels.get(l)) draw(g, c.geometry(), box[0], box[3], s, k);
    }
    g.setColor(Color.RED);
    double px = (104.0805 - box[0]) * s * k, py = (box[3] - 30.6570) * s;
    g.fill(new Ellipse2D.Double(px - 4, py - 4, 8, 8));
    ImageIO.write(img, "png", new java.io.File(out));
  }
  @Test
  void render() throws Exception {
    render("/tmp/city.png", new double[] {102.95, 30.05, 104.95, 31.45}, 1400);
    render("/tmp/centre.png", new double[] {103.95, 30.52, 104.22, 30.75}, 1200);
  }
}
