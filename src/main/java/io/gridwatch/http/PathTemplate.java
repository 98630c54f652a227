package io.gridwatch.http;

/**
 * Path templates as the contract and the access table write them ({@code /api/cases/{caseId}}),
 * matched as the router matches paths: {@code {name}} stands for one non-empty segment and
 * trailing slashes are ignored. The one matcher of {@code ApiContract} (which operation a request
 * is) and {@code auth.AccessPolicy} (which row of the table applies): matching must never be
 * narrower than the router's, or a request could reach a route without its row. Pure.
 */
public final class PathTemplate {
  private PathTemplate() {}

  /** Whether {@code path} fits {@code template}. */
  public static boolean fits(String template, String path) {
    String[] t = segments(template);
    String[] p = segments(path);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      boolean param = t[i].startsWith("{") && t[i].endsWith("}");
      if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }

  /** The segments of {@code path} without trailing slashes (the root stays {@code /}). */
  static String[] segments(String path) {
    String s = path;
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.split("/", -1);
  }
}
