package io.gridwatch.evidence;

import io.gridwatch.http.Coordinates;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads when and where a photo was taken from a JPEG's EXIF block (APP1 {@code Exif\0\0}, a TIFF
 * structure; EXIF 2.32 / CIPA DC-008): {@code DateTimeOriginal} (0x9003) with
 * {@code OffsetTimeOriginal} (0x9011) when present, and the GPS IFD's latitude and longitude
 * (0x0001-0x0004, degrees/minutes/seconds as rationals).
 *
 * <p>The bytes come from outside, so every read is bounded and the walk runs under a budget that
 * really stops it: at most {@link #MAX_SEGMENTS} JPEG segments before the image data, only the
 * first EXIF block (itself at most 64 KiB by the JPEG format), at most {@link #MAX_IFDS} IFDs, each
 * visited once (a pointer back to an IFD already read, a cycle, is noted and not followed), at
 * most {@link #MAX_ENTRIES} directory entries in all, every offset checked against the block's
 * end before it is read. Hostile or broken EXIF never fails an upload: what could be read is
 * returned, with {@link Exif#notes() notes} on what could not. Next-IFD pointers (IFD1, the
 * thumbnail) are not followed: nothing needed lives there.
 *
 * <p>Stateless and thread-safe; plain Java, CPU only (callers run it off the event loop with
 * the rest of an upload's inspection).
 */
public final class ExifReader {
  /** JPEG segments walked before the start of scan at most. */
  static final int MAX_SEGMENTS = 64;
  /** IFDs read at most (IFD0, Exif and GPS are all that is needed). */
  static final int MAX_IFDS = 8;
  /** Directory entries read at most, over all IFDs. */
  static final int MAX_ENTRIES = 1024;
  /** The longest ASCII value read (DateTimeOriginal is 20 bytes with its NUL). */
  private static final int MAX_ASCII = 64;

  private static final int TAG_EXIF_IFD = 0x8769;
  private static final int TAG_GPS_IFD = 0x8825;
  private static final int TAG_DATE_TIME_ORIGINAL = 0x9003;
  private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
  private static final int TAG_GPS_LATITUDE_REF = 0x0001;
  private static final int TAG_GPS_LATITUDE = 0x0002;
  private static final int TAG_GPS_LONGITUDE_REF = 0x0003;
  private static final int TAG_GPS_LONGITUDE = 0x0004;
  private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss");

  private ExifReader() {}

  /**
   * What a photo says of itself. Every value may be null.
   *
   * @param takenLocal {@code DateTimeOriginal}: the camera's wall-clock time
   * @param offset {@code OffsetTimeOriginal}, when the camera wrote one
   * @param lon the GPS longitude in degrees (east positive); EXIF GPS is WGS84
   * @param lat the GPS latitude in degrees (north positive)
   * @param notes what could not be read and why (a cycle, the budget, a value out of range)
   * @param budgetExceeded whether the walk stopped at a budget
   */
  public record Exif(LocalDateTime takenLocal, ZoneOffset offset, Double lon, Double lat, List<String> notes,
      boolean budgetExceeded) {

    /** Nothing read (not a JPEG, or no EXIF). */
    static Exif none() {
      return new Exif(null, null, null, null, List.of(), false);
    }

    /** The time taken: in the offset the photo names, else in {@code fallback}; or null. */
    public OffsetDateTime takenAt(ZoneId fallback) {
      if (takenLocal == null) {
        return null;
      }
      return offset != null ? takenLocal.atOffset(offset) : takenLocal.atZone(fallback).toOffsetDateTime();
    }

    /** Whether a GPS position was read. */
    public boolean hasPosition() {
      return lon != null && lat != null;
    }
  }

  /** Reads the EXIF of {@code jpeg}; {@link Exif#none()}-like when there is none. Never throws on bad bytes. */
  public static Exif read(byte[] jpeg) {
    Walk w = new Walk(jpeg);
    try {
      w.jpeg();
    } catch (Malformed e) {
      w.notes.add(e.getMessage());
    }
    return w.result();
  }

  /** A read beyond the block, or a structure that cannot be walked. */
  private static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** One walk over one file's bytes. Not thread-safe (one per call). */
  private static final class Walk {
    private final byte[] b;
    private final List<String> notes = new ArrayList<>();
    private final Set<Long> visited = new HashSet<>();
    private boolean budgetExceeded;
    private int ifds;
    private int entries;
    // The TIFF block: [base, end) of b.
    private int base;
    private int end;
    private boolean little;
    private LocalDateTime taken;
    private ZoneOffset zone;
    private String latRef;
    private String lonRef;
    private double[] latDms;
    private double[] lonDms;

    Walk(byte[] b) {
      this.b = b;
    }

    Exif result() {
      Double lat = degrees(latDms, latRef, "S", "N", "GPSLatitude");
      Double lon = degrees(lonDms, lonRef, "W", "E", "GPSLongitude");
      if (lat != null && lon != null && Coordinates.latitudeProblem(lat) == null
          && Coordinates.longitudeProblem(lon) == null && !(lat == 0 && lon == 0)) {
        // (0, 0) is what cameras without a fix write: no position rather than the Gulf of Guinea.
      } else {
        if (lat != null || lon != null) {
          notes.add("GPS position unusable (out of range, incomplete or 0,0); ignored");
        }
        lat = null;
        lon = null;
      }
      return new Exif(taken, taken == null ? null : zone, lon, lat, List.copyOf(notes), budgetExceeded);
    }

    void jpeg() throws Malformed {
      if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
        return;
      }
      int pos = 2;
      for (int segments = 0; ; segments++) {
        if (segments >= MAX_SEGMENTS) {
          budget("more than " + MAX_SEGMENTS + " JPEG segments before the image data");
          return;
        }
        if (pos + 4 > b.length || (b[pos] & 0xFF) != 0xFF) {
          return; // no further marker where one must be: stop quietly, there is nothing to read
        }
        int marker = b[pos + 1] & 0xFF;
        if (marker == 0xFF) {
          pos++; // a fill byte; the segment count bounds a run of them
          continue;
        }
        if (marker == 0xDA || marker == 0xD9) {
          return; // start of scan or end of image: EXIF comes before
        }
        if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
          pos += 2; // markers without a length
          continue;
        }
        int length = u16be(pos + 2);
        if (length < 2 || pos + 2 + length > b.length) {
          throw new Malformed("JPEG segment length out of bounds; EXIF not read");
        }
        int start = pos + 4;
        int segEnd = pos + 2 + length;
        if (marker == 0xE1 && segEnd - start >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i'
            && b[start + 3] == 'f' && b[start + 4] == 0 && b[start + 5] == 0) {
          tiff(start + 6, segEnd);
          return; // the first EXIF block only
        }
        pos = segEnd;
      }
    }

    private void tiff(int start, int blockEnd) throws Malformed {
      base = start;
      end = blockEnd;
      if (end - base < 8) {
        throw new Malformed("EXIF block too short");
      }
      if (b[base] == 'I' && b[base + 1] == 'I') {
        little = true;
      } else if (b[base] == 'M' && b[base + 1] == 'M') {
        little = false;
      } else {
        throw new Malformed("EXIF byte order is neither II nor MM");
      }
      if (u16(2) != 42) {
        throw new Malformed("EXIF TIFF header lacks 42");
      }
      long ifd0 = u32(4);
      List<long[]> pointers = new ArrayList<>();
      ifd(ifd0, Kind.IFD0, pointers);
      // The sub-IFDs IFD0 names, each at most once (a pointer back into a visited IFD is a cycle).
      for (int i = 0; i < pointers.size() && !budgetExceeded; i++) {
        long[] p = pointers.get(i);
        ifd(p[0], p[1] == TAG_EXIF_IFD ? Kind.EXIF : Kind.GPS, pointers);
      }
    }

    private enum Kind { IFD0, EXIF, GPS }

    private void ifd(long offset, Kind kind, List<long[]> pointers) throws Malformed {
      if (!visited.add(offset)) {
        notes.add(kind + " IFD at " + offset + " was already read (a cycle); not followed");
        return;
      }
      if (ifds >= MAX_IFDS) {
        budget("more than " + MAX_IFDS + " IFDs");
        return;
      }
      ifds++;
      if (offset < 8 || offset + 2 > end - base) {
        notes.add(kind + " IFD offset " + offset + " is outside the EXIF block");
        return;
      }
      int at = base + (int) offset;
      int count = u16(at - base);
      long room = (end - at - 2) / 12;
      if (count > room) {
        notes.add(kind + " IFD claims " + count + " entries; " + room + " fit in the block");
        count = (int) room;
      }
      for (int i = 0; i < count; i++) {
        if (entries >= MAX_ENTRIES) {
          budget("more than " + MAX_ENTRIES + " IFD entries");
          return;
        }
        entries++;
        int e = at + 2 + 12 * i - base; // relative to base
        int tag = u16(e);
        int type = u16(e + 2);
        long n = u32(e + 4);
        switch (kind) {
          case IFD0 -> {
            if ((tag == TAG_EXIF_IFD || tag == TAG_GPS_IFD) && (type == 4 || type == 13) && n == 1) {
              long target = u32(e + 8);
              boolean known = pointers.stream().anyMatch(p -> p[1] == tag);
              if (!known) {
                pointers.add(new long[] {target, tag});
              }
            }
          }
          case EXIF -> {
            if (tag == TAG_DATE_TIME_ORIGINAL) {
              taken = time(ascii(e, type, n));
            } else if (tag == TAG_OFFSET_TIME_ORIGINAL) {
              zone = zoneOffset(ascii(e, type, n));
            }
          }
          case GPS -> {
            switch (tag) {
              case TAG_GPS_LATITUDE_REF -> latRef = ascii(e, type, n);
              case TAG_GPS_LATITUDE -> latDms = rationals(e, type, n);
              case TAG_GPS_LONGITUDE_REF -> lonRef = ascii(e, type, n);
              case TAG_GPS_LONGITUDE -> lonDms = rationals(e, type, n);
              default -> { }
            }
          }
        }
      }
    }

    private void budget(String what) {
      budgetExceeded = true;
      notes.add("EXIF budget reached: " + what + "; the rest is not read");
    }

    /** An ASCII value (type 2) of entry {@code e}, without trailing NULs and blanks, or null. */
    private String ascii(int e, int type, long n) throws Malformed {
      if (type != 2 || n < 1 || n > MAX_ASCII) {
        return null;
      }
      int at = n <= 4 ? e + 8 : (int) Math.min(u32(e + 8), Integer.MAX_VALUE);
      check(at, n);
      String s = new String(b, base + at, (int) n, StandardCharsets.US_ASCII);
      int nul = s.indexOf('\0');
      return (nul >= 0 ? s.substring(0, nul) : s).strip();
    }

    /** Three unsigned rationals (type 5) of entry {@code e} as doubles, or null. */
    private double[] rationals(int e, int type, long n) throws Malformed {
      if (type != 5 || n != 3) {
        return null;
      }
      int at = (int) Math.min(u32(e + 8), Integer.MAX_VALUE);
      check(at, 24);
      double[] out = new double[3];
      for (int i = 0; i < 3; i++) {
        long num = u32(at + 8 * i);
        long den = u32(at + 8 * i + 4);
        if (den == 0) {
          notes.add("GPS rational with a zero denominator; position ignored");
          return null;
        }
        out[i] = (double) num / den;
      }
      return out;
    }

    private Double degrees(double[] dms, String ref, String negative, String positive, String what) {
      if (dms == null || ref == null) {
        return null;
      }
      if (dms[1] >= 60 || dms[2] >= 60) {
        notes.add(what + " minutes or seconds of 60 or more; ignored");
        return null;
      }
      double d = dms[0] + dms[1] / 60 + dms[2] / 3600;
      if (ref.equalsIgnoreCase(negative)) {
        return -d;
      }
      if (ref.equalsIgnoreCase(positive)) {
        return d;
      }
      notes.add(what + "Ref is neither " + positive + " nor " + negative + "; ignored");
      return null;
    }

    private LocalDateTime time(String text) {
      if (text == null) {
        return null;
      }
      try {
        LocalDateTime t = LocalDateTime.parse(text, EXIF_TIME);
        if (t.getYear() < 2000 || t.getYear() > 2100) {
          notes.add("DateTimeOriginal outside 2000-2100; ignored");
          return null;
        }
        return t;
      } catch (DateTimeParseException e) {
        notes.add("DateTimeOriginal is not 'YYYY:MM:DD HH:MM:SS'; ignored");
        return null;
      }
    }

    private ZoneOffset zoneOffset(String text) {
      if (text == null || !text.matches("[+-][0-9]{2}:[0-9]{2}")) {
        return null;
      }
      try {
        return ZoneOffset.of(text);
      } catch (java.time.DateTimeException e) {
        return null;
      }
    }

    /** Fails unless {@code [rel, rel + n)} relative to the TIFF base lies inside the block. */
    private void check(long rel, long n) throws Malformed {
      if (rel < 0 || n < 0 || rel + n > end - base) {
        throw new Malformed("EXIF value outside the block; the rest is not read");
      }
    }

    private int u16(long rel) throws Malformed {
      check(rel, 2);
      int i = base + (int) rel;
      int a = b[i] & 0xFF;
      int c = b[i + 1] & 0xFF;
      return little ? c << 8 | a : a << 8 | c;
    }

    private long u32(long rel) throws Malformed {
      check(rel, 4);
      int i = base + (int) rel;
      long v0 = b[i] & 0xFF;
      long v1 = b[i + 1] & 0xFF;
      long v2 = b[i + 2] & 0xFF;
      long v3 = b[i + 3] & 0xFF;
      return little ? v3 << 24 | v2 << 16 | v1 << 8 | v0 : v0 << 24 | v1 << 16 | v2 << 8 | v3;
    }

    private int u16be(int i) {
      return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }
  }
}
