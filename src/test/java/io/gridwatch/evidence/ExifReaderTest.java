package io.gridwatch.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The EXIF reader against EXIF written by hand after the spec, against EXIF written by ExifTool
 * (a truth from outside: src/test/resources/evidence/README.md), and against hostile EXIF: cyclic
 * IFDs, counts and offsets past the end, runs of fill bytes, and random corruption. Hostile input
 * never throws and never costs more than the budget.
 */
class ExifReaderTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void time_and_place_written_by_hand_little_endian_are_read_back() {
    LocalDateTime t = LocalDateTime.of(2026, 12, 3, 10, 15, 30);
    byte[] jpeg = ExifBytes.withExif(ExifBytes.plainJpeg(), ExifBytes.tiff(true, t, "+08:00", 30.657123, 104.080567));
    ExifReader.Exif exif = ExifReader.read(jpeg);
    assertThat(exif.notes()).isEmpty();
    assertThat(exif.takenLocal()).isEqualTo(t);
    assertThat(exif.takenAt(ZoneOffset.UTC)).isEqualTo(OffsetDateTime.of(t, ZoneOffset.ofHours(8)));
    assertThat(exif.lat()).isCloseTo(30.657123, within(1e-6));
    assertThat(exif.lon()).isCloseTo(104.080567, within(1e-6));
  }

  @Test
  void big_endian_south_and_west_without_an_offset_is_read_in_china_standard_time() {
    LocalDateTime t = LocalDateTime.of(2025, 7, 1, 8, 0, 0);
    byte[] jpeg = ExifBytes.withExif(ExifBytes.plainJpeg(), ExifBytes.tiff(false, t, null, -33.8688, -70.2093));
    ExifReader.Exif exif = ExifReader.read(jpeg);
    assertThat(exif.notes()).isEmpty();
    assertThat(exif.offset()).isNull();
    assertThat(exif.takenAt(SHANGHAI)).isEqualTo(OffsetDateTime.of(t, ZoneOffset.ofHours(8)));
    assertThat(exif.lat()).isCloseTo(-33.8688, within(1e-6));
    assertThat(exif.lon()).isCloseTo(-70.2093, within(1e-6));
  }

  @Test
  void exif_written_by_exiftool_reads_as_exiftool_reads_it() throws IOException {
    // exiftool -n: 2026:11:28 14:23:45 +08:00, 30.657123, 104.080567 (little-endian, II)
    ExifReader.Exif gps = ExifReader.read(resource("exiftool-gps.jpg"));
    assertThat(gps.notes()).isEmpty();
    assertThat(gps.takenAt(SHANGHAI)).isEqualTo(OffsetDateTime.parse("2026-11-28T14:23:45+08:00"));
    assertThat(gps.lat()).isCloseTo(30.657123, within(1e-6));
    assertThat(gps.lon()).isCloseTo(104.080567, within(1e-6));
    // exiftool -n: 2025:07:01 08:00:00 (no offset), -33.8688, -70.2093 (big-endian, MM)
    ExifReader.Exif sw = ExifReader.read(resource("exiftool-sw.jpg"));
    assertThat(sw.notes()).isEmpty();
    assertThat(sw.takenLocal()).isEqualTo(LocalDateTime.of(2025, 7, 1, 8, 0, 0));
    assertThat(sw.offset()).isNull();
    assertThat(sw.lat()).isCloseTo(-33.8688, within(1e-6));
    assertThat(sw.lon()).isCloseTo(-70.2093, within(1e-6));
  }

  @Test
  void a_jpeg_without_exif_and_bytes_that_are_no_jpeg_say_nothing() {
    assertThat(ExifReader.read(ExifBytes.plainJpeg())).isEqualTo(ExifReader.Exif.none());
    assertThat(ExifReader.read(ExifBytes.png())).isEqualTo(ExifReader.Exif.none());
    assertThat(ExifReader.read(new byte[0])).isEqualTo(ExifReader.Exif.none());
  }

  @Test
  void ifds_pointing_at_themselves_are_read_once_and_the_cycle_is_noted() {
    // IFD0 at 8 names itself as its Exif IFD and its GPS IFD, and as the next IFD.
    ByteBuffer b = tiffHeader(64);
    b.position(8);
    b.putShort((short) 2);
    ExifBytes.entry(b, 0x8769, 4, 1, 8);
    ExifBytes.entry(b, 0x8825, 4, 1, 8);
    b.putInt(8);
    ExifReader.Exif exif = timed(ExifBytes.withExif(ExifBytes.plainJpeg(), b.array()));
    assertThat(exif.notes()).anyMatch(n -> n.contains("cycle"));
    assertThat(exif.takenLocal()).isNull();
    assertThat(exif.hasPosition()).isFalse();
  }

  @Test
  void the_exif_and_gps_ifds_pointing_at_each_other_are_each_read_once() {
    // IFD0 → Exif at 38, GPS at 38 too (the same IFD as two kinds), and the Exif IFD names IFD0.
    ByteBuffer b = tiffHeader(128);
    b.position(8);
    b.putShort((short) 2);
    ExifBytes.entry(b, 0x8769, 4, 1, 38);
    ExifBytes.entry(b, 0x8825, 4, 1, 38);
    b.putInt(38);
    b.position(38);
    b.putShort((short) 2);
    ExifBytes.entry(b, 0x8769, 4, 1, 8);
    ExifBytes.entry(b, 0x8825, 4, 1, 8);
    b.putInt(8);
    ExifReader.Exif exif = timed(ExifBytes.withExif(ExifBytes.plainJpeg(), b.array()));
    assertThat(exif.notes()).anyMatch(n -> n.contains("cycle"));
  }

  @Test
  void an_ifd_claiming_more_entries_than_the_budget_stops_at_the_budget() {
    // 60 KiB of entries, each a pointer to somewhere: more than MAX_ENTRIES fit.
    int size = 60 * 1024;
    ByteBuffer b = tiffHeader(size);
    b.position(8);
    b.putShort((short) 0xFFFF);
    for (int i = 0; b.remaining() >= 12; i++) {
      ExifBytes.entry(b, 0x9003 + (i % 3), 2, 20, 0x7FFFFFF0);
    }
    ExifReader.Exif exif = timed(ExifBytes.withExif(ExifBytes.plainJpeg(), b.array()));
    assertThat(exif.budgetExceeded()).isTrue();
    assertThat(exif.notes()).anyMatch(n -> n.contains("claims 65535 entries"));
    assertThat(exif.notes()).anyMatch(n -> n.contains("budget"));
  }

  @Test
  void offsets_past_the_end_of_the_block_are_refused_not_followed() {
    ByteBuffer b = tiffHeader(64);
    b.position(8);
    b.putShort((short) 2);
    ExifBytes.entry(b, 0x8769, 4, 1, 0xFFFFFFF0);
    ExifBytes.entry(b, 0x8825, 4, 1, 40);
    b.putInt(0);
    ExifReader.Exif exif = timed(ExifBytes.withExif(ExifBytes.plainJpeg(), b.array()));
    assertThat(exif.notes()).anyMatch(n -> n.contains("outside the EXIF block"));
    // And an IFD0 offset past the end.
    ByteBuffer c = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    c.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(Integer.MAX_VALUE);
    assertThat(timed(ExifBytes.withExif(ExifBytes.plainJpeg(), c.array())).notes())
        .anyMatch(n -> n.contains("outside the EXIF block"));
  }

  @Test
  void a_run_of_fill_bytes_and_a_zero_segment_length_stop_the_walk() {
    byte[] fill = new byte[200_000];
    fill[0] = (byte) 0xFF;
    fill[1] = (byte) 0xD8;
    java.util.Arrays.fill(fill, 2, fill.length, (byte) 0xFF);
    ExifReader.Exif exif = timed(fill);
    assertThat(exif.budgetExceeded()).isTrue();
    byte[] zero = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 0, 0, 0};
    assertThat(timed(zero).notes()).anyMatch(n -> n.contains("segment length"));
  }

  @Test
  void random_corruption_of_a_valid_exif_never_throws_and_stays_within_the_budget() {
    byte[] good = ExifBytes.withExif(ExifBytes.plainJpeg(),
        ExifBytes.tiff(true, LocalDateTime.of(2026, 1, 2, 3, 4, 5), "+08:00", 30.6, 104.1));
    Random rng = new Random(20261203L);
    long started = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = good.clone();
      int flips = 1 + rng.nextInt(8);
      for (int f = 0; f < flips; f++) {
        // Mostly inside the EXIF block (SOI + APP1 header + TIFF), where the structure is.
        int at = rng.nextInt(8) < 7 ? 2 + rng.nextInt(Math.min(bad.length - 2, 260)) : rng.nextInt(bad.length);
        bad[at] = (byte) rng.nextInt(256);
      }
      ExifReader.Exif exif = ExifReader.read(bad);
      if (exif.hasPosition()) {
        assertThat(exif.lat()).isBetween(-90.0, 90.0);
        assertThat(exif.lon()).isBetween(-180.0, 180.0);
      }
      if (exif.takenLocal() != null) {
        assertThat(exif.takenLocal().getYear()).isBetween(2000, 2100);
      }
    }
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms for 20,000 corrupted files").isLessThan(10_000);
  }

  private static ByteBuffer tiffHeader(int size) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    return b;
  }

  /** Reads {@code jpeg}, which must take well under a second however hostile it is. */
  private static ExifReader.Exif timed(byte[] jpeg) {
    long started = System.nanoTime();
    ExifReader.Exif exif = ExifReader.read(jpeg);
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(1_000);
    return exif;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ExifReaderTest.class.getResourceAsStream("/evidence/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
