package io.gridwatch.evidence;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.Role;
import io.gridwatch.config.EvidenceSettings;
import io.gridwatch.evidence.EvidenceRecords.CaseRef;
import io.gridwatch.evidence.EvidenceRecords.NewEvidence;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.Params;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence of a case over HTTP:
 * <ul>
 *   <li>{@code POST /api/cases/{caseId}/evidence}: the body is the file (JPEG, PNG or PDF, at most
 *       {@code evidence.maxBytes}); 201 with the new attachment, 200 with the existing one when the
 *       case already holds these bytes;
 *   <li>{@code GET /api/cases/{caseId}/evidence}: the case's attachments;
 *   <li>{@code GET /api/cases/{caseId}/evidence/{id}}: the bytes, with their type, length and the
 *       SHA-256 as ETag ({@code If-None-Match} → 304).
 * </ul>
 *
 * <p>Scope is the case's: a case outside the caller's scope (or an unassigned case for a caller
 * who is not city-wide) is 404, exactly as {@code GET /api/cases/{caseId}} answers, and nothing
 * about it is audited as read. Which roles may call each route is the access policy's; on top of
 * it an inspector adds evidence only to a case whose team they are on (403 {@code not-on-team}).
 * Every upload (also a repeat) is audited as {@code evidence.upload}, every read of the bytes as
 * {@code evidence.read}.
 *
 * <p>The upload's body is read by this route's own body handler with {@code evidence.maxBytes}
 * (a larger Content-Length is refused with 413 before any byte is read, a longer chunked body as
 * soon as it passes the limit); its type is decided by its magic number, never by the
 * Content-Type, and a mismatch is 415 with nothing stored. Sniffing, EXIF and hashing run on a
 * worker, the file through {@link EvidenceStore}. Thread-safe (shared by the HTTP verticles).
 */
public final class EvidenceEndpoint implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceEndpoint.class);
  /** An EXIF time without an offset is read in China Standard Time (the service's zone). */
  static final ZoneId EXIF_ZONE = ZoneId.of("Asia/Shanghai");
  static final int MAX_NOTE = 500;
  static final int MAX_FILE_NAME = 255;
  private final Vertx vertx;
  private final EvidenceStore store;
  private final EvidenceRecords records;
  private final AuditLog audit;
  private final EvidenceSettings settings;
  private final Clock clock;

  public EvidenceEndpoint(Vertx vertx, EvidenceStore store, EvidenceRecords records, AuditLog audit,
      EvidenceSettings settings, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.records = records;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  /** The endpoint on the file-system store of {@code settings} (its directory is made if missing). */
  public static Future<EvidenceEndpoint> create(Vertx vertx, Pool pool, AuditLog audit, EvidenceSettings settings,
      Clock clock) {
    return FileSystemEvidenceStore.open(vertx, settings.dir()).map(store -> {
      LOG.info("Evidence store at {} (uploads up to {} bytes)", store.root(), settings.maxBytes());
      return new EvidenceEndpoint(vertx, store, new EvidenceRecords(pool, audit), audit, settings, clock);
    });
  }

  /**
   * Adds the routes. Must be added before any route that reads every {@code /api/} body with the
   * JSON limit (GridEndpoint's): the first body handler on a request is the one that reads it.
   */
  @Override
  public void addRoutes(Router router) {
    router.post("/api/cases/:caseId/evidence")
        .handler(BodyHandler.create(false).setBodyLimit(settings.maxBytes()))
        .handler(this::upload);
    router.get("/api/cases/:caseId/evidence").handler(this::list);
    router.get("/api/cases/:caseId/evidence/:id").handler(this::download);
  }

  // ---- upload

  /** What the phone says about the file, from the query. */
  private record Given(OffsetDateTime takenAt, Double lon, Double lat, String note, String fileName) {}

  /** The outcome of looking at the bytes (on a worker). */
  private record Inspected(EvidenceType type, ExifReader.Exif exif) {}

  private void upload(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long caseId = Params.pathId(ctx, "caseId");
    Given given = given(ctx);
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("body", "is empty; send the file's bytes (JPEG, PNG or PDF)");
    }
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    visibleCase(user, caseId)
        .compose(c -> {
          if (user.role() == Role.INSPECTOR && !c.team().contains(user.id())) {
            return Future.failedFuture(ApiException.forbidden("not-on-team",
                "Only the inspectors the case is dispatched to add evidence to it."));
          }
          return vertx.executeBlocking(() -> inspect(body, declared), false)
              .compose(inspected -> store.put(body).compose(sha -> {
                ExifReader.Exif exif = inspected.exif();
                NewEvidence e = new NewEvidence(caseId, sha, body.length(), inspected.type(), given.fileName(),
                    given.note(), given.takenAt(), given.lon(), given.lat(), exif.takenAt(EXIF_ZONE), exif.lon(),
                    exif.lat(), user.id());
                AuditEntry entry = user.actor(ctx).entry("evidence.upload", "evidence", null, AuditEntry.Outcome.SUCCESS,
                    new JsonObject().put("caseId", caseId).put("sha256", sha).put("size", body.length())
                        .put("contentType", inspected.type().mediaType())
                        .put("exifNotes", new JsonArray(exif.notes())));
                return records.add(c, e, user.role().name(), entry, OffsetDateTime.now(clock));
              }));
        })
        .onComplete(Respond.to(ctx, stored -> {
          JsonObject json = stored.evidence();
          HttpServerResponse response = ctx.response().setStatusCode(stored.created() ? 201 : 200)
              .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
          if (stored.created()) {
            response.putHeader("Location", json.getString("href"));
          }
          response.end(json.encode());
        }));
  }

  /** The optional query parameters, each checked; 400 listing every bad one. */
  private static Given given(RoutingContext ctx) {
    Params p = new Params(ctx);
    OffsetDateTime takenAt = p.optionalTime("takenAt");
    boolean hasLon = !ctx.queryParam("lon").isEmpty() && !ctx.queryParam("lon").get(0).isBlank();
    boolean hasLat = !ctx.queryParam("lat").isEmpty() && !ctx.queryParam("lat").get(0).isBlank();
    Double lon = hasLon ? p.requiredLongitude("lon") : null;
    Double lat = hasLat ? p.requiredLatitude("lat") : null;
    if (hasLon != hasLat) {
      p.error(hasLon ? "lat" : "lon", "is required with " + (hasLon ? "lon" : "lat") + " (WGS84, degrees)");
    }
    String note = p.optionalSearchText("note", MAX_NOTE);
    String fileName = fileName(p.optionalSearchText("filename", MAX_FILE_NAME));
    p.validate();
    if (lon != null && (lon.isNaN() || lat == null || lat.isNaN())) {
      lon = null;
      lat = null;
    }
    return new Given(takenAt == null ? null : takenAt.withOffsetSameInstant(ZoneOffset.UTC), lon, lat,
        note == null || note.isEmpty() ? null : note, fileName);
  }

  /** The last segment of a client's file name (never a path), or null. */
  static String fileName(String given) {
    if (given == null) {
      return null;
    }
    // No path (a name is shown and offered for saving, never used as one), and no invisible
    // format characters such as a right-to-left override ("gpj.exe" shown as "exe.jpg").
    String name = given.replace('\\', '/').replaceAll("\\p{Cf}", "");
    name = name.substring(name.lastIndexOf('/') + 1).strip();
    return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
  }

  /** Decides the type by the bytes and reads a JPEG's EXIF; blocking (CPU). */
  static Inspected inspect(Buffer body, String declared) {
    byte[] bytes = body.getBytes();
    EvidenceType sniffed = EvidenceType.sniff(bytes).orElseThrow(() -> new ApiException(415, "not-evidence",
        "Not a JPEG, PNG or PDF", "The body is not a JPEG, PNG or PDF file (judged by its first bytes, whatever the"
            + " Content-Type says); nothing was stored.", List.of(new FieldError("body", "is not a JPEG, PNG or PDF"))));
    EvidenceType named = EvidenceType.ofMediaType(declared).orElse(null);
    if (named != sniffed) {
      throw new ApiException(415, "media-type-mismatch", "Content-Type does not match the bytes",
          "The Content-Type says " + (named == null ? "something else" : named.mediaType()) + " but the bytes are "
              + sniffed.mediaType() + "; send it as " + sniffed.mediaType() + ". Nothing was stored.",
          List.of(new FieldError("Content-Type", "does not match the bytes (" + sniffed.mediaType() + ")")));
    }
    ExifReader.Exif exif = ExifReader.Exif.none();
    if (sniffed == EvidenceType.JPEG) {
      try {
        exif = ExifReader.read(bytes);
      } catch (RuntimeException e) {
        // The reader never throws on bad bytes by design; should a bug make it, the photo is
        // still evidence: kept without its EXIF values, and the reason logged and audited.
        LOG.warn("EXIF of an upload could not be read", e);
        exif = new ExifReader.Exif(null, null, null, null, List.of("EXIF not read: " + e.getClass().getSimpleName()),
            false);
      }
    }
    return new Inspected(sniffed, exif);
  }

  // ---- reading

  private void list(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long caseId = Params.pathId(ctx, "caseId");
    visibleCase(user, caseId).compose(c -> records.list(caseId))
        .onComplete(Respond.to(ctx, items -> ctx.response().putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "private, no-cache")
            .end(new JsonObject().put("items", new JsonArray(items)).encode())));
  }

  private void download(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long caseId = Params.pathId(ctx, "caseId");
    long id = Params.pathId(ctx, "id");
    visibleCase(user, caseId)
        .compose(c -> records.find(caseId, id))
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(ApiException.notFound("evidence-not-found", "Evidence not found",
                "Case " + caseId + " has no evidence " + id + ".")))
        .compose(e -> {
          String sha = e.getString("sha256");
          String etag = "\"" + sha + "\"";
          boolean notModified = matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), sha);
          AuditEntry entry = user.actor(ctx).entry("evidence.read", "evidence", String.valueOf(id),
              AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseId", caseId).put("sha256", sha)
                  .put("notModified", notModified));
          if (notModified) {
            return audit.record(entry).onSuccess(v -> ctx.response().setStatusCode(304).putHeader("ETag", etag)
                .putHeader("Cache-Control", "private, no-cache").end());
          }
          return store.open(sha)
              .recover(err -> Future.failedFuture(err instanceof EvidenceStore.NoSuchBlob
                  ? new ApiException(500, "evidence-missing", "Evidence bytes missing", "The bytes of evidence " + id
                      + " are missing from the store; the incident is logged.", List.of())
                  : err))
              .compose(blob -> audit.record(entry)
                  .onFailure(x -> blob.close().run())
                  .compose(v -> send(ctx, e, blob, etag)));
        })
        .onFailure(err -> {
          if (err instanceof ApiException api && "evidence-missing".equals(api.slug())) {
            LOG.error("Evidence {} of case {}: its blob is missing from the store", id, caseId);
          }
          ctx.fail(err);
        });
  }

  private static Future<Void> send(RoutingContext ctx, JsonObject e, EvidenceStore.Blob blob, String etag) {
    EvidenceType type = EvidenceType.of(e.getString("contentType"));
    String name = e.getString("fileName") != null ? e.getString("fileName")
        : "evidence-" + e.getLong("id") + "." + type.extension();
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type.mediaType())
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(blob.size()))
        // Already compressed formats: never compressed again, so Content-Length stays true.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "private, no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Disposition", disposition(type.inline(), name))
        // A PDF or image opened from here runs nothing and loads nothing.
        .putHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    // The file is closed whether the client read it all or went away half-way.
    return blob.content().pipeTo(response).onComplete(x -> blob.close().run());
  }

  /** {@code inline} or {@code attachment} with the name (RFC 6266: an ASCII fallback and RFC 8187 UTF-8). */
  static String disposition(boolean inline, String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
    String utf8 = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
  }

  /** Whether an {@code If-None-Match} header names the entity tag {@code "sha"} (or is {@code *}). */
  static boolean matches(String ifNoneMatch, String sha) {
    if (ifNoneMatch == null || ifNoneMatch.length() > 8192) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("\"" + sha + "\"")) {
        return true;
      }
    }
    return false;
  }

  // ---- scope

  /**
   * The case, if the caller may see it: in their scope, or, when it has no cell yet, only for
   * city-wide users (as {@code CaseEndpoint} decides). Otherwise 404 as for a missing case.
   */
  private Future<CaseRef> visibleCase(CurrentUser user, long caseId) {
    return records.findCase(caseId).compose(c -> c.isPresent() && visible(user, c.get().cellCode())
        ? Future.succeededFuture(c.get())
        : Future.failedFuture(ApiException.notFound("case-not-found", "Case not found", "No case " + caseId + ".")));
  }

  private static boolean visible(CurrentUser user, String cellCode) {
    return user.scope().seesCase(cellCode);
  }
}
