package io.gridwatch.privacy;

/**
 * Masks complainants' personal data for display to roles that do not need it in clear
 * (DOMAIN.md, "Personal data"). Masking is done on the server, in every API and live payload;
 * the clear values leave the server only for callers entitled to them, and that read is audited.
 *
 * <ul>
 *   <li>mobile {@code 13812345678} → {@code 138****5678}; other numbers keep their first 3 and
 *       last 4 digits when long enough, else only the last 2;
 *   <li>resident ID {@code 510104199001011234} → {@code 510104********1234} (region code and the
 *       last 4 kept; the birth date, which identifies, is hidden); other lengths keep the first
 *       and last quarter at most;
 *   <li>names: {@code 张三} → {@code 张*}, {@code 张三丰} → {@code 张*丰}, {@code 欧阳娜娜} →
 *       {@code 欧**娜}; Latin names keep the first letter of each word.
 * </ul>
 * Null stays null. Stateless and thread-safe.
 */
public final class Masking {
  private Masking() {}

  public static String phone(String phone) {
    if (phone == null) {
      return null;
    }
    String p = phone.strip();
    int digits = countDigits(p);
    if (digits >= 11) {
      return keepDigits(p, 3, 4);
    }
    if (digits >= 7) {
      return keepDigits(p, 0, 4);
    }
    return keepDigits(p, 0, Math.min(2, digits / 3));
  }

  public static String idNumber(String id) {
    if (id == null) {
      return null;
    }
    String s = id.strip();
    if (s.length() == 18 || s.length() == 15) {
      return s.substring(0, 6) + "*".repeat(s.length() - 10) + s.substring(s.length() - 4);
    }
    int keep = s.length() / 4;
    return s.substring(0, keep) + "*".repeat(s.length() - 2 * keep) + s.substring(s.length() - keep);
  }

  public static String name(String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip();
    int[] cps = n.codePoints().toArray();
    if (cps.length == 0) {
      return n;
    }
    boolean latin = n.chars().allMatch(c -> c < 0x2E80);
    if (latin) {
      StringBuilder out = new StringBuilder();
      for (String word : n.split("\\s+")) {
        if (!word.isEmpty()) {
          out.append(out.length() == 0 ? "" : " ").append(word.charAt(0)).append("*".repeat(Math.max(1, word.length() - 1)));
        }
      }
      return out.toString();
    }
    if (cps.length == 1) {
      return "*";
    }
    if (cps.length == 2) {
      return new String(cps, 0, 1) + "*";
    }
    return new String(cps, 0, 1) + "*".repeat(cps.length - 2) + new String(cps, cps.length - 1, 1);
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** Replaces every digit except the first {@code head} and last {@code tail} with '*'. */
  private static String keepDigits(String s, int head, int tail) {
    int total = countDigits(s);
    StringBuilder out = new StringBuilder(s.length());
    int seen = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isDigit(c)) {
        out.append(seen < head || seen >= total - tail ? c : '*');
        seen++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
