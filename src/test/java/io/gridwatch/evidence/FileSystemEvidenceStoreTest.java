package io.gridwatch.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-system store on a real directory: layout by hash prefix, one file for the same bytes
 * however often and however concurrently they are stored, nothing left in {@code tmp/}, reads
 * of what was written, and names that are no SHA-256 never reaching the file system.
 */
class FileSystemEvidenceStoreTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private FileSystemEvidenceStore store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = FileSystemEvidenceStore.open(vertx, dir.resolve("evidence")).await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void the_same_bytes_stored_by_many_at_once_are_one_file_under_their_hash() throws Exception {
    byte[] bytes = "%PDF-1.4 the same statement".getBytes(StandardCharsets.US_ASCII);
    List<Future<String>> puts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      puts.add(store.put(Buffer.buffer(bytes)));
    }
    Future.all(puts).await();
    String sha = FileSystemEvidenceStore.sha256(bytes);
    // The hash of "%PDF-1.4 the same statement", as sha256sum prints it.
    assertThat(sha).isEqualTo(sha256sum(bytes));
    puts.forEach(f -> assertThat(f.result()).isEqualTo(sha));
    Path blob = dir.resolve("evidence").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    assertThat(Files.readAllBytes(blob)).isEqualTo(bytes);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)))
        .as("readable by the server's user only").isEqualTo("rw-------");
    try (Stream<Path> all = Files.walk(dir.resolve("evidence"))) {
      assertThat(all.filter(Files::isRegularFile).toList()).containsExactly(blob);
    }
    assertThat(store.contains(sha).await()).isTrue();
  }

  @Test
  void what_is_stored_reads_back_and_what_is_not_is_no_such_blob() {
    byte[] bytes = ExifBytes.png();
    String sha = store.put(Buffer.buffer(bytes)).await();
    EvidenceStore.Blob blob = store.open(sha).await();
    assertThat(blob.size()).isEqualTo(bytes.length);
    Buffer read = Buffer.buffer();
    blob.content().handler(read::appendBuffer);
    Future<Void> ended = Future.future(p -> blob.content().endHandler(v -> p.complete()));
    ended.await();
    assertThat(read.getBytes()).isEqualTo(bytes);
    assertThatThrownBy(() -> store.open("0".repeat(64)).await()).isInstanceOf(EvidenceStore.NoSuchBlob.class);
    assertThatThrownBy(() -> store.open("../../etc/passwd").await()).isInstanceOf(EvidenceStore.NoSuchBlob.class);
    assertThat(store.contains("../" + sha).await()).isFalse();
    assertThatThrownBy(() -> store.path("ABCDEF")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parts_a_crash_left_behind_a_day_ago_are_removed_at_start_and_younger_ones_kept() throws Exception {
    Path tmp = dir.resolve("evidence").resolve("tmp");
    Path old = Files.writeString(tmp.resolve("0123456789ab-1.part"), "half");
    Path young = Files.writeString(tmp.resolve("0123456789ab-2.part"), "half");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(java.time.Duration.ofHours(25))));
    FileSystemEvidenceStore.open(vertx, dir.resolve("evidence")).await();
    assertThat(old).doesNotExist();
    assertThat(young).exists();
  }

  private static String sha256sum(byte[] bytes) throws Exception {
    Process p = new ProcessBuilder("sha256sum").start();
    p.getOutputStream().write(bytes);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    p.waitFor();
    return out.split("\\s+")[0];
  }
}
