package io.gridwatch.wall;

import io.gridwatch.http.Endpoint;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The command wall, the field app ({@code /field/}, with its manifest and service worker) and the
 * leadership command screen ({@code /command/}; a folder without its slash is redirected to it): the
 * static files of {@code webroot/} (the pages, their scripts and the npm
 * packages the Maven build copied into {@code webroot/vendor/}), served at {@code /} from the
 * classpath, so the jar alone serves everything and the browser needs nothing from the internet.
 * Nothing under {@code /api/} or {@code /eventbus} is served from here. The page calls the API
 * like any other client; it has no routes of its own. Thread-safe.
 *
 * <p>Registered last, after every capability, so that it can only answer what no route took.
 */
public final class WallEndpoint implements Endpoint {
  /** The classpath folder the build packs {@code webroot/} into. */
  public static final String WEBROOT = "webroot";
  /** The content type of a web app manifest (W3C Web App Manifest). */
  static final String MANIFEST_TYPE = "application/manifest+json; charset=utf-8";

  @Override
  public void addRoutes(Router router) {
    // The vendor files are large and change only with the build's package versions: cached for a
    // day. The page itself is small and changes with each release: revalidated every time.
    StaticHandler vendor = StaticHandler.create(WEBROOT).setDirectoryListing(false).setIncludeHidden(false)
        .setDefaultContentEncoding("UTF-8").setMaxAgeSeconds(86_400);
    StaticHandler page = StaticHandler.create(WEBROOT).setIndexPage("index.html").setDirectoryListing(false)
        .setIncludeHidden(false).setDefaultContentEncoding("UTF-8").setCachingEnabled(false);
    // Method-less on purpose: the API's route list (access policy, OpenAPI) holds only
    // method-bound routes, and static files are neither. The regex keeps the API, the event
    // bus, health and Open311 (/open311/v2/) out of this route altogether, so that a wrong
    // method there still gets the router's 405 rather than a 404 from here.
    router.routeWithRegex("/(?!api(/|$)|eventbus(/|$)|health(/|$)|open311(/|$)).*").handler(ctx -> {
      if (isOutsideTheWall(ctx)) {
        ctx.next();
      } else if (ctx.normalizedPath().startsWith("/vendor/")) {
        vendor.handle(ctx);
      } else {
        ctx.response().putHeader("Cache-Control", "no-cache");
        if (ctx.normalizedPath().endsWith(".webmanifest")) {
          // Vert.x's MIME table has no .webmanifest (the field app's, /field/manifest.webmanifest):
          // the static handler would call it application/octet-stream.
          ctx.response().headersEndHandler(v -> ctx.response().putHeader("Content-Type", MANIFEST_TYPE));
        }
        page.handle(ctx);
      }
    });
  }

  /**
   * The API and the event bus are answered by their own routes (or by the 404 problem), and the
   * npm manifests next to the page in a source checkout are not for the browser.
   */
  private static boolean isOutsideTheWall(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/eventbus")
        || path.startsWith("/health") || path.startsWith("/open311") || path.contains("node_modules") || path.endsWith("/package.json")
        || path.endsWith("/package-lock.json");
  }
}
