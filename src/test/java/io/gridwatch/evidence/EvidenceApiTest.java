package io.gridwatch.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence API on a real server (real PostgreSQL, real HTTP, the file system store in a
 * temporary directory, an upload limit of 2 MiB, above the 1 MiB JSON body limit): JPEG, PNG and
 * PDF in and out byte for byte, the SHA-256 against {@code sha256sum}, EXIF time and place kept,
 * ETag and 304, idempotent repeats, refusals that store nothing (wrong bytes, too large, empty),
 * scope (another district's user learns nothing and reads nothing) and the audit trail.
 */
@NeedsDatabase
class EvidenceApiTest {
  private static final long LIMIT = 2L * 1024 * 1024;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir
  static Path dir;
  private static TestServer server;
  private static CaseFlows flows;
  private static long caseId;
  private static String district;

  @BeforeAll
  static void start() {
    server = TestServer.start(true, Map.of("GRIDWATCH_EVIDENCE_DIR", dir.toString(),
        "GRIDWATCH_EVIDENCE_MAX_BYTES", String.valueOf(LIMIT)), Clock.systemUTC());
    flows = new CaseFlows(server);
    JsonObject c = flows.file(CaseFlows.complaint(104.0805, 30.657, 3));
    caseId = c.getLong("caseId");
    district = c.getString("cellCode").substring(0, 6);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- uploads and reads

  @Test
  void a_jpeg_with_exif_is_stored_by_its_sha256_and_comes_back_byte_for_byte_with_its_time_and_place() throws Exception {
    long c = newCase();
    LocalDateTime shot = LocalDateTime.of(2026, 11, 30, 9, 41, 7);
    byte[] jpeg = ExifBytes.withExif(ExifBytes.plainJpeg(), ExifBytes.tiff(true, shot, "+08:00", 30.65712, 104.08056));
    HttpResponse<String> r = upload(server.as(Role.OPERATOR).token(), c, "image/jpeg", jpeg,
        "?takenAt=2026-11-30T01:41:09Z&lon=104.0806&lat=30.6571&note=%E5%B7%A5%E5%9C%B0%E5%A4%A7%E9%97%A8"
            + "&filename=DCIM%2F100%2FIMG_0042.jpg");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject e = TestServer.json(r);
    String sha = FileSystemEvidenceStore.sha256(jpeg);
    assertThat(e.getString("sha256")).isEqualTo(sha);
    assertThat(e.getLong("size")).isEqualTo(jpeg.length);
    assertThat(e.getString("contentType")).isEqualTo("image/jpeg");
    assertThat(e.getString("fileName")).isEqualTo("IMG_0042.jpg");
    assertThat(e.getString("note")).isEqualTo("工地大门");
    assertThat(e.getString("takenAt")).isEqualTo("2026-11-30T01:41:09Z");
    assertThat(e.getJsonObject("location").getDouble("lon")).isEqualTo(104.0806);
    assertThat(e.getJsonObject("exif").getString("takenAt")).isEqualTo("2026-11-30T01:41:07Z");
    assertThat(e.getJsonObject("exif").getJsonObject("location").getDouble("lat")).isCloseTo(30.65712, within(1e-6));
    assertThat(e.getJsonObject("exif").getJsonObject("location").getDouble("lon")).isCloseTo(104.08056, within(1e-6));
    assertThat(r.headers().firstValue("Location")).contains("/api/cases/" + c + "/evidence/" + e.getLong("id"));
    // On disk: fanned out by the hash's first two byte pairs, the very bytes, and the same hash
    // by sha256sum (a truth outside the JVM).
    Path file = dir.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
    assertThat(sha256sum(file)).isEqualTo(sha);
    // Back over HTTP.
    HttpResponse<byte[]> got = download(server.as(Role.SUPERVISOR).token(), c, e.getLong("id"), null);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(jpeg);
    assertThat(got.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(got.headers().firstValue("Content-Length")).contains(String.valueOf(jpeg.length));
    assertThat(got.headers().firstValue("ETag")).contains("\"" + sha + "\"");
    assertThat(got.headers().firstValue("Cache-Control").orElse("")).contains("private");
    assertThat(got.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(got.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline;")
        .contains("IMG_0042.jpg");
  }

  @Test
  void a_png_and_a_pdf_larger_than_the_json_limit_are_stored_and_listed_and_the_pdf_is_an_attachment() {
    long c = newCase();
    byte[] png = ExifBytes.png();
    byte[] pdf = ExifBytes.pdf("x".repeat(1_500_000)); // over http.maxBodyBytes (1 MiB), under the 2 MiB limit
    HttpResponse<String> p = upload(server.as(Role.ASSISTANT).token(), c, "image/png", png, "");
    assertThat(p.statusCode()).as(p.body()).isEqualTo(201);
    HttpResponse<String> d = upload(server.as(Role.SUPERVISOR).token(), c, "application/pdf", pdf, "?filename="
        + java.net.URLEncoder.encode("询问笔录.pdf", StandardCharsets.UTF_8));
    assertThat(d.statusCode()).as(d.body()).isEqualTo(201);
    JsonObject listed = TestServer.json(server.as(Role.LEADER).get("/api/cases/" + c + "/evidence"));
    JsonArray items = listed.getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("contentType")).isEqualTo("image/png");
    assertThat(items.getJsonObject(0).getString("sha256")).isEqualTo(FileSystemEvidenceStore.sha256(png));
    assertThat(items.getJsonObject(0).getJsonObject("exif").getValue("takenAt")).isNull();
    assertThat(items.getJsonObject(1).getString("contentType")).isEqualTo("application/pdf");
    assertThat(items.getJsonObject(1).getLong("size")).isEqualTo(pdf.length);
    assertThat(items.getJsonObject(1).getJsonObject("uploadedBy").getString("username")).isEqualTo("test-supervisor");
    HttpResponse<byte[]> gotPng = download(server.as(Role.LEADER).token(), c, items.getJsonObject(0).getLong("id"), null);
    assertThat(gotPng.body()).isEqualTo(png);
    assertThat(gotPng.headers().firstValue("Content-Type")).contains("image/png");
    HttpResponse<byte[]> gotPdf = download(server.as(Role.LEADER).token(), c, items.getJsonObject(1).getLong("id"), null);
    assertThat(gotPdf.body()).isEqualTo(pdf);
    assertThat(gotPdf.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(gotPdf.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
        .contains("filename*=UTF-8''%E8%AF%A2%E9%97%AE%E7%AC%94%E5%BD%95.pdf");
  }

  @Test
  void the_etag_is_the_sha256_and_if_none_match_is_304_and_every_read_is_audited() throws Exception {
    long c = newCase();
    byte[] png = ExifBytes.png();
    JsonObject e = TestServer.json(upload(server.as(Role.OPERATOR).token(), c, "image/png", png, ""));
    long id = e.getLong("id");
    int before = reads(id).size();
    HttpResponse<byte[]> first = download(server.as(Role.OPERATOR).token(), c, id, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + e.getString("sha256") + "\"");
    HttpResponse<byte[]> again = download(server.as(Role.OPERATOR).token(), c, id, etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);
    HttpResponse<byte[]> other = download(server.as(Role.OPERATOR).token(), c, id, "\"" + "0".repeat(64) + "\"");
    assertThat(other.statusCode()).isEqualTo(200);
    // A client that takes gzip still gets the bytes as they are, with their true length.
    HttpResponse<byte[]> gzip = send(HttpRequest.newBuilder(server.uri("/api/cases/" + c + "/evidence/" + id))
        .header("Authorization", "Bearer " + server.as(Role.OPERATOR).token()).header("Accept-Encoding", "gzip")
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gzip.body()).isEqualTo(png);
    assertThat(gzip.headers().firstValue("Content-Length")).contains(String.valueOf(png.length));
    assertThat(gzip.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo("identity");
    List<JsonObject> lines = reads(id);
    assertThat(lines).hasSize(before + 4);
    assertThat(lines.get(lines.size() - 3).getJsonObject("detail").getBoolean("notModified")).isTrue();
    assertThat(lines).allMatch(l -> l.getString("actor_name").equals("test-operator"));
    // Every blob opened for a download is closed again.
    assertThat(openBlobFiles()).isZero();
    // The upload is audited too, with the evidence's id.
    assertThat(server.audit("evidence.upload")).anyMatch(l -> l.getString("object_id").equals(String.valueOf(id))
        && l.getJsonObject("detail").getString("sha256").equals(e.getString("sha256")));
  }

  @Test
  void the_same_bytes_twice_on_one_case_are_one_record_and_on_another_case_a_new_record_of_the_same_blob() {
    long c1 = newCase();
    long c2 = newCase();
    byte[] jpeg = ExifBytes.withExif(ExifBytes.plainJpeg(),
        ExifBytes.tiff(false, LocalDateTime.of(2026, 10, 1, 12, 0, 0), null, 30.6, 104.1));
    String token = server.as(Role.OPERATOR).token();
    HttpResponse<String> first = upload(token, c1, "image/jpeg", jpeg, "");
    HttpResponse<String> second = upload(token, c1, "image/jpeg", jpeg, "?note=again");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(TestServer.json(second).getLong("id")).isEqualTo(TestServer.json(first).getLong("id"));
    assertThat(TestServer.json(second).getValue("note")).as("the first record stands").isNull();
    HttpResponse<String> elsewhere = upload(token, c2, "image/jpeg", jpeg, "");
    assertThat(elsewhere.statusCode()).isEqualTo(201);
    assertThat(TestServer.json(elsewhere).getLong("id")).isNotEqualTo(TestServer.json(first).getLong("id"));
    String sha = FileSystemEvidenceStore.sha256(jpeg);
    assertThat(count("SELECT count(*) FROM evidence WHERE sha256 = $1", sha)).isEqualTo(2);
    assertThat(blobs()).filteredOn(p -> p.getFileName().toString().equals(sha)).hasSize(1);
    // One live event per new record (not for the repeat), masked: no note, no file name.
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'evidence.added' AND payload->'data'->>'sha256' = $1",
        sha)).isEqualTo(2);
    JsonObject payload = server.app().pool().preparedQuery("SELECT payload FROM event_outbox WHERE type = 'evidence.added'"
        + " AND case_id = $1").execute(Tuple.of(c1)).await().iterator().next().getJsonObject("payload");
    assertThat(payload.getString("cellCode")).startsWith(district);
    assertThat(payload.getJsonObject("data").getLong("evidenceId")).isEqualTo(TestServer.json(first).getLong("id"));
    assertThat(payload.getJsonObject("data").fieldNames()).doesNotContain("note", "fileName");
    assertThat(server.audit("evidence.upload")).filteredOn(l -> l.getJsonObject("detail").getString("sha256").equals(sha))
        .extracting(l -> l.getJsonObject("detail").getBoolean("repeat")).containsExactly(false, true, false);
  }

  @Test
  void the_same_bytes_sent_eight_times_at_once_make_one_record_and_seven_repeats() throws Exception {
    long c = newCase();
    byte[] jpeg = ExifBytes.withExif(ExifBytes.plainJpeg(),
        ExifBytes.tiff(true, LocalDateTime.of(2026, 9, 9, 9, 9, 9), "+08:00", 30.61, 104.07));
    String token = server.as(Role.OPERATOR).token();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(HTTP.sendAsync(HttpRequest.newBuilder(server.uri("/api/cases/" + c + "/evidence"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
          .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = new java.util.ArrayList<>();
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (var f : sent) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      statuses.add(r.statusCode());
      ids.add(TestServer.json(r).getLong("id"));
    }
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(7);
    assertThat(ids).hasSize(1);
    assertThat(count("SELECT count(*) FROM evidence WHERE case_id = " + c, null)).isEqualTo(1);
    assertThat(tmpFiles()).isEmpty();
  }

  // ---- refusals that store nothing

  @Test
  void html_sent_as_a_jpeg_and_a_pdf_sent_as_a_png_are_refused_and_nothing_is_stored() {
    long c = newCase();
    String token = server.as(Role.OPERATOR).token();
    long rows = count("SELECT count(*) FROM evidence", null);
    List<Path> files = blobs();
    HttpResponse<String> html = upload(token, c, "image/jpeg",
        "<!doctype html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "");
    assertProblem(html, 415, "not-evidence");
    byte[] exe = new byte[64];
    exe[0] = 'M';
    exe[1] = 'Z';
    assertProblem(upload(token, c, "application/pdf", exe, ""), 415, "not-evidence");
    HttpResponse<String> mismatch = upload(token, c, "image/png", ExifBytes.pdf("hello"), "");
    assertProblem(mismatch, 415, "media-type-mismatch");
    assertThat(TestServer.json(mismatch).getString("detail")).contains("application/pdf").contains("image/png");
    // A type the contract does not name is refused at the gate.
    assertProblem(upload(token, c, "text/html", "<p>x</p>".getBytes(StandardCharsets.UTF_8), ""), 415,
        "unsupported-media-type");
    assertThat(count("SELECT count(*) FROM evidence", null)).isEqualTo(rows);
    assertThat(blobs()).isEqualTo(files);
    assertThat(server.audit("evidence.upload")).noneMatch(l -> l.getJsonObject("detail").getLong("caseId") == c);
  }

  @Test
  void a_body_over_the_limit_is_413_with_or_without_a_content_length_and_nothing_is_stored() {
    long c = newCase();
    String token = server.as(Role.OPERATOR).token();
    long rows = count("SELECT count(*) FROM evidence", null);
    List<Path> files = blobs();
    byte[] big = ExifBytes.pdf("y".repeat((int) LIMIT));
    assertThat(big.length).isGreaterThan((int) LIMIT);
    assertProblem(upload(token, c, "application/pdf", big, ""), 413, "too-large");
    // Chunked: no Content-Length, so the limit can only be found while reading.
    HttpRequest chunked = HttpRequest.newBuilder(server.uri("/api/cases/" + c + "/evidence"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
    HttpResponse<String> r = send(chunked, HttpResponse.BodyHandlers.ofString());
    assertProblem(r, 413, "too-large");
    // Exactly at the limit is fine; one byte more is not.
    byte[] atLimit = Arrays.copyOf(big, (int) LIMIT);
    assertThat(upload(token, c, "application/pdf", atLimit, "").statusCode()).isEqualTo(201);
    assertProblem(upload(token, c, "application/pdf", Arrays.copyOf(big, (int) LIMIT + 1), ""), 413, "too-large");
    assertThat(count("SELECT count(*) FROM evidence", null)).isEqualTo(rows + 1);
    assertThat(blobs()).hasSize(files.size() + 1);
    assertThat(tmpFiles()).isEmpty();
  }

  @Test
  void an_empty_body_and_bad_query_values_are_400_and_store_nothing() {
    long c = newCase();
    String token = server.as(Role.OPERATOR).token();
    long rows = count("SELECT count(*) FROM evidence", null);
    HttpResponse<String> empty = upload(token, c, "image/jpeg", new byte[0], "");
    assertProblem(empty, 400, null);
    assertThat(empty.body()).contains("\"body\"");
    byte[] png = ExifBytes.png();
    assertProblem(upload(token, c, "image/png", png, "?lon=104.08"), 400, null);
    assertProblem(upload(token, c, "image/png", png, "?lon=200&lat=30"), 400, null);
    assertProblem(upload(token, c, "image/png", png, "?takenAt=yesterday"), 400, null);
    assertProblem(upload(token, c, "image/png", png, "?note=" + "x".repeat(501)), 400, null);
    assertThat(count("SELECT count(*) FROM evidence", null)).isEqualTo(rows);
  }

  // ---- scope

  @Test
  void another_districts_user_gets_404_everywhere_and_nothing_is_audited_as_their_read() {
    long c = newCase();
    JsonObject e = TestServer.json(upload(server.as(Role.OPERATOR).token(), c, "image/png", ExifBytes.png(), ""));
    String elsewhere = district.equals("510105") ? "510104" : "510105";
    User stranger = server.createUser("ev-far-" + UUID.randomUUID().toString().substring(0, 8), Role.SUPERVISOR,
        elsewhere, TestServer.PASSWORD);
    String token = server.newSession(stranger);
    assertProblem(server.withToken(token).get("/api/cases/" + c + "/evidence"), 404, "case-not-found");
    HttpResponse<byte[]> bytes = download(token, c, e.getLong("id"), null);
    assertThat(bytes.statusCode()).isEqualTo(404);
    assertThat(new String(bytes.body(), StandardCharsets.UTF_8)).doesNotContain(e.getString("sha256"));
    HttpResponse<String> up = upload(token, c, "image/jpeg", ExifBytes.plainJpeg(), "");
    assertProblem(up, 404, "case-not-found");
    // The same answer as for a case that does not exist.
    assertThat(TestServer.json(up).getString("detail")).isEqualTo("No case " + c + ".");
    assertThat(server.audit("evidence.read")).noneMatch(l -> l.getLong("actor_id") == stranger.id());
    assertThat(server.audit("evidence.upload")).noneMatch(l -> l.getLong("actor_id") == stranger.id());
    assertThat(count("SELECT count(*) FROM evidence WHERE case_id = " + c, null)).isEqualTo(1);
    // A user of the case's own district sees it.
    User near = server.createUser("ev-near-" + UUID.randomUUID().toString().substring(0, 8), Role.SUPERVISOR,
        district, TestServer.PASSWORD);
    assertThat(download(server.newSession(near), c, e.getLong("id"), null).statusCode()).isEqualTo(200);
  }

  @Test
  void an_inspector_adds_evidence_only_to_a_case_of_their_team_and_leaders_and_admins_add_none() {
    JsonObject c = flows.register(flows.file(CaseFlows.complaint(104.0805, 30.657, 2)));
    User a = server.createUser("ev-ia-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, district,
        TestServer.PASSWORD);
    User b = server.createUser("ev-ib-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, district,
        TestServer.PASSWORD);
    long id = c.getLong("caseId");
    byte[] jpeg = ExifBytes.plainJpeg();
    String outsider = server.newSession(server.createUser("ev-ic-" + UUID.randomUUID().toString().substring(0, 8),
        Role.INSPECTOR, district, TestServer.PASSWORD));
    assertProblem(upload(outsider, id, "image/jpeg", jpeg, ""), 403, "not-on-team");
    flows.act(server.as(Role.OPERATOR), c, "dispatch",
        new JsonObject().put("inspectors", new JsonArray().add(a.id()).add(b.id())));
    assertThat(upload(server.newSession(a), id, "image/jpeg", jpeg, "").statusCode()).isEqualTo(201);
    assertProblem(upload(outsider, id, "image/jpeg", ExifBytes.png(), ""), 403, "not-on-team");
    assertThat(upload(server.as(Role.LEADER).token(), id, "image/png", ExifBytes.png(), "").statusCode()).isEqualTo(403);
    assertThat(server.as(Role.ADMIN).get("/api/cases/" + id + "/evidence").statusCode()).isEqualTo(403);
    // The team hears of it on their own address too.
    Long[] to = server.app().pool().preparedQuery("SELECT recipients FROM event_outbox WHERE type = 'evidence.added'"
        + " AND case_id = $1").execute(Tuple.of(id)).await().iterator().next().getArrayOfLongs("recipients");
    assertThat(to).containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  void evidence_of_another_case_or_a_missing_id_is_404() {
    long c1 = newCase();
    long c2 = newCase();
    JsonObject e = TestServer.json(upload(server.as(Role.OPERATOR).token(), c1, "image/png", ExifBytes.png(), ""));
    assertThat(download(server.as(Role.OPERATOR).token(), c2, e.getLong("id"), null).statusCode()).isEqualTo(404);
    assertThat(download(server.as(Role.OPERATOR).token(), c1, 999_999_999L, null).statusCode()).isEqualTo(404);
    assertThat(download(server.as(Role.OPERATOR).token(), 999_999_999L, e.getLong("id"), null).statusCode())
        .isEqualTo(404);
  }

  // ---- helpers

  private static long newCase() {
    return flows.file(CaseFlows.complaint(104.0805, 30.657, 1)).getLong("caseId");
  }

  private static HttpResponse<String> upload(String token, long caseId, String type, byte[] body, String query) {
    return send(HttpRequest.newBuilder(server.uri("/api/cases/" + caseId + "/evidence" + query))
        .header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> download(String token, long caseId, long id, String ifNoneMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/api/cases/" + caseId + "/evidence/" + id))
        .header("Authorization", "Bearer " + token).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertProblem(HttpResponse<String> r, int status, String slug) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonObject p = TestServer.json(r);
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("detail")).isNotBlank();
    if (slug != null) {
      assertThat(p.getString("type")).isEqualTo("/problems/" + slug);
    }
  }

  private static List<JsonObject> reads(long evidenceId) {
    return server.audit("evidence.read").stream()
        .filter(l -> String.valueOf(evidenceId).equals(l.getString("object_id"))).toList();
  }

  private static long count(String sql, String arg) {
    return server.app().pool().preparedQuery(sql).execute(arg == null ? Tuple.tuple() : Tuple.of(arg)).await()
        .iterator().next().getLong(0);
  }

  /** Every blob under the store (not tmp/), sorted. */
  private static List<Path> blobs() {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> tmpFiles() {
    try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files under the store this JVM holds open (Linux: /proc/self/fd), after the last closes settle. */
  private static long openBlobFiles() throws InterruptedException {
    long open = 0;
    for (int i = 0; i < 40; i++) {
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        open = fds.filter(fd -> {
          try {
            return Files.readSymbolicLink(fd).startsWith(dir);
          } catch (IOException e) {
            return false; // closed while listing
          }
        }).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (open == 0) {
        return 0;
      }
      Thread.sleep(50);
    }
    return open;
  }

  /** The hash by coreutils' sha256sum. */
  private static String sha256sum(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.split("\\s+")[0];
  }
}
