package io.gridwatch.evidence;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of evidence accepted, each recognised by its magic number at the start of the bytes:
 * JPEG {@code FF D8 FF}, PNG {@code 89 50 4E 47 0D 0A 1A 0A}, PDF {@code %PDF-}. The bytes
 * decide; a request's Content-Type is only compared with them. Immutable.
 */
public enum EvidenceType {
  JPEG("image/jpeg", "jpg", true, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  PNG("image/png", "png", true, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  PDF("application/pdf", "pdf", false, new byte[] {'%', 'P', 'D', 'F', '-'});

  private final String mediaType;
  private final String extension;
  private final boolean inline;
  private final byte[] magic;

  EvidenceType(String mediaType, String extension, boolean inline, byte[] magic) {
    this.mediaType = mediaType;
    this.extension = extension;
    this.inline = inline;
    this.magic = magic;
  }

  /** The media type the bytes are served as ({@code image/jpeg}). */
  public String mediaType() {
    return mediaType;
  }

  /** The usual file name extension, without the dot. */
  public String extension() {
    return extension;
  }

  /**
   * Whether a browser may show it in place ({@code Content-Disposition: inline}): images yes; a
   * PDF is a document with its own scripting and links, so it is downloaded (attachment).
   */
  public boolean inline() {
    return inline;
  }

  /** The type whose magic number {@code bytes} start with, or empty (HTML, an executable, anything else). */
  public static Optional<EvidenceType> sniff(byte[] bytes) {
    for (EvidenceType t : values()) {
      if (startsWith(bytes, t.magic)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type named by a Content-Type header (parameters and case ignored), or empty. */
  public static Optional<EvidenceType> ofMediaType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (EvidenceType t : values()) {
      if (t.mediaType.equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type of a stored media type ({@code image/png}); fails on anything else. */
  public static EvidenceType of(String mediaType) {
    return ofMediaType(mediaType).orElseThrow(() -> new IllegalArgumentException("not an evidence type: " + mediaType));
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
