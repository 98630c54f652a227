package io.gridwatch.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;

/**
 * Test files made here: a real JPEG and PNG written by {@code javax.imageio}, and EXIF blocks
 * written by hand after the EXIF 2.32 layout (a TIFF header, IFD0 pointing to the Exif and GPS
 * IFDs, 12-byte entries, values over 4 bytes at offsets from the TIFF header), valid or hostile.
 */
final class ExifBytes {
  private ExifBytes() {}

  /** A small real JPEG (16×12 px) without EXIF. */
  static byte[] plainJpeg() {
    return image("jpg", BufferedImage.TYPE_INT_RGB);
  }

  /** A small real PNG (16×12 px). */
  static byte[] png() {
    return image("png", BufferedImage.TYPE_INT_ARGB);
  }

  private static byte[] image(String format, int type) {
    BufferedImage img = new BufferedImage(16, 12, type);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 12; y++) {
        img.setRGB(x, y, 0xFF000000 | (x * 16) << 16 | (y * 20) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A small real PDF (one empty page), with the cross-reference offsets counted. */
  static byte[] pdf(String text) {
    String[] objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        "<< /Length " + (text.length() + 2) + " >>\nstream\n% " + text + "\nendstream"};
    StringBuilder b = new StringBuilder("%PDF-1.4\n");
    int[] offsets = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      offsets[i] = b.length();
      b.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
    }
    int xref = b.length();
    b.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
    for (int o : offsets) {
      b.append(String.format("%010d 00000 n \n", o));
    }
    b.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
        .append("\n%%EOF\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code jpeg} with an APP1 EXIF segment holding {@code tiff} right after its SOI. */
  static byte[] withExif(byte[] jpeg, byte[] tiff) {
    int length = 2 + 6 + tiff.length;
    ByteBuffer b = ByteBuffer.allocate(jpeg.length + 2 + length).order(ByteOrder.BIG_ENDIAN);
    b.put(jpeg, 0, 2);
    b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
    b.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0);
    b.put(tiff);
    b.put(jpeg, 2, jpeg.length - 2);
    return b.array();
  }

  /**
   * A valid TIFF block: IFD0 → Exif IFD (DateTimeOriginal, and OffsetTimeOriginal unless null)
   * and GPS IFD (latitude and longitude with their N/S and E/W refs, as degrees, minutes and
   * seconds in 1/10000 s).
   */
  static byte[] tiff(boolean little, LocalDateTime taken, String offset, double lat, double lon) {
    ByteBuffer b = ByteBuffer.allocate(512).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put((byte) (little ? 'I' : 'M')).put((byte) (little ? 'I' : 'M')).putShort((short) 42).putInt(8);
    int exifIfd = 8 + 2 + 2 * 12 + 4; // 38
    int exifEntries = offset == null ? 1 : 2;
    int gpsIfd = exifIfd + 2 + exifEntries * 12 + 4;
    int data = gpsIfd + 2 + 4 * 12 + 4;
    // IFD0
    b.position(8);
    b.putShort((short) 2);
    entry(b, 0x8769, 4, 1, exifIfd);
    entry(b, 0x8825, 4, 1, gpsIfd);
    b.putInt(0);
    // Exif IFD
    int timeAt = data;
    int offsetAt = timeAt + 20;
    int latAt = offsetAt + 8;
    int lonAt = latAt + 24;
    b.position(exifIfd);
    b.putShort((short) exifEntries);
    entry(b, 0x9003, 2, 20, timeAt);
    if (offset != null) {
      entry(b, 0x9011, 2, 7, offsetAt);
    }
    b.putInt(0);
    // GPS IFD: the refs fit in the entry (2 bytes).
    b.position(gpsIfd);
    b.putShort((short) 4);
    b.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) (lat < 0 ? 'S' : 'N')).put((byte) 0).putShort((short) 0);
    entry(b, 2, 5, 3, latAt);
    b.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) (lon < 0 ? 'W' : 'E')).put((byte) 0).putShort((short) 0);
    entry(b, 4, 5, 3, lonAt);
    b.putInt(0);
    // Values
    b.position(timeAt);
    b.put((taken.format(DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss")) + "\0").getBytes(StandardCharsets.US_ASCII));
    if (offset != null) {
      b.position(offsetAt);
      b.put((offset + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    b.position(latAt);
    dms(b, Math.abs(lat));
    b.position(lonAt);
    dms(b, Math.abs(lon));
    byte[] out = new byte[lonAt + 24];
    b.position(0);
    b.get(out);
    return out;
  }

  static void entry(ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  private static void dms(ByteBuffer b, double degrees) {
    int d = (int) Math.floor(degrees);
    double minutes = (degrees - d) * 60;
    int m = (int) Math.floor(minutes);
    long s = Math.round((minutes - m) * 60 * 10_000);
    b.putInt(d).putInt(1).putInt(m).putInt(1).putInt((int) s).putInt(10_000);
  }
}
