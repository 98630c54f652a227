package io.gridwatch.store;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location, {@code postgresql://user[:password]@host[:port]/database} (also
 * {@code postgres://}). Knows how to talk to the reactive client and to JDBC (migrations only).
 * The password never appears in {@link #toString()}.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  /** Parses a URL, with a message saying exactly what is wrong. */
  public static DatabaseUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason()
          + "); expected postgresql://user[:password]@host:port/database");
    }
    String scheme = uri.getScheme();
    if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
      throw new IllegalArgumentException("scheme must be postgresql:// (was "
          + (scheme == null ? "missing" : scheme + "://") + ")");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("the host is missing; expected postgresql://user@host:port/database");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isBlank() || path.contains("/")) {
      throw new IllegalArgumentException("the database name is missing; expected postgresql://user@host:port/database");
    }
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length == 2) {
        password = decode(parts[1]);
      }
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new DatabaseUrl(uri.getHost(), port, path, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The same server, another database. */
  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(host, port, otherDatabase, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database)
        .setUser(user).setPassword(password)
        .setReconnectAttempts(2).setReconnectInterval(500)
        .addProperty("application_name", "gridwatch");
  }

  /** The URL with its credentials, for passing on as configuration; never log it. */
  public String withCredentials() {
    String enc = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
    return "postgresql://" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
        + (password.isEmpty() ? "" : ":" + enc) + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":" + port + "/" + database;
  }
}
