package io.gridwatch.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IP address or a CIDR block ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}), as
 * given in {@code http.trustedProxies}. Parsing never looks up a name (only literal addresses are
 * accepted), so it is safe on an event loop. Immutable and thread-safe.
 */
public final class IpRange {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private IpRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** The range written as {@code address} or {@code address/prefix}; null when it is not one. */
  public static IpRange parse(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    int slash = t.indexOf('/');
    byte[] address = literal(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (prefix < 0 || prefix > bits) {
        return null;
      }
    }
    return new IpRange(mask(address, prefix), prefix, t);
  }

  /**
   * The bytes of a literal IPv4 or IPv6 address (an IPv4-mapped IPv6 address as its IPv4
   * bytes), or null when {@code s} is not a literal address. Never resolves a name.
   */
  public static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    byte[] b = NetUtil.createByteArrayFromIpAddressString(t);
    if (b != null && b.length == 16 && isV4Mapped(b)) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    return b;
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** Whether the literal address {@code address} (see {@link #literal}) lies in this range. */
  public boolean contains(byte[] address) {
    return address != null && address.length == network.length && Arrays.equals(mask(address, prefix), network);
  }

  /** The first {@code prefix} bits of {@code address}, the rest zero. */
  public static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (0xff00 >> keep));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
