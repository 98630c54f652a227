package io.gridwatch.evidence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The evidence store on the local file system, under one root directory:
 * {@code <root>/ab/cd/abcd…} for a blob whose SHA-256 starts with {@code abcd} (two levels of
 * 256 directories, so no directory grows past a few thousand entries even with millions of
 * blobs), and {@code <root>/tmp/} for writes in progress.
 *
 * <p>A write goes to a temporary file in {@code tmp/} (same file system), is forced to disk, and
 * is then moved into place with an atomic rename: a reader sees either no blob or the whole one,
 * never a part, and a crash leaves at most a stray temporary file. A blob already present is not
 * written again (same name, same bytes). Hashing and the blocking writes run on a worker
 * ({@code executeBlocking}, unordered so uploads proceed in parallel); reads go through Vert.x's
 * asynchronous file system. Thread-safe: concurrent writes of the same bytes each rename a
 * complete file of identical content onto the same name.
 */
public final class FileSystemEvidenceStore implements EvidenceStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final Vertx vertx;
  private final Path root;
  private final Path tmp;

  private FileSystemEvidenceStore(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root;
    this.tmp = root.resolve("tmp");
  }

  /** Writes left in {@code tmp/} longer than this are a crash's leftovers, removed at start. */
  static final java.time.Duration STALE_PART = java.time.Duration.ofHours(24);

  /**
   * The store under {@code root}, whose directories are made (on a worker) if missing; parts of
   * writes a crash left in {@code tmp/} more than {@link #STALE_PART} ago are removed (younger
   * ones may be another node's writes in progress on a shared directory).
   */
  public static Future<FileSystemEvidenceStore> open(Vertx vertx, Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    return vertx.executeBlocking(() -> {
      Path tmp = absolute.resolve("tmp");
      Files.createDirectories(tmp);
      java.time.Instant before = java.time.Instant.now().minus(STALE_PART);
      try (var parts = Files.newDirectoryStream(tmp, "*.part")) {
        for (Path part : parts) {
          if (Files.getLastModifiedTime(part).toInstant().isBefore(before)) {
            Files.deleteIfExists(part);
          }
        }
      }
      return new FileSystemEvidenceStore(vertx, absolute);
    });
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** Where the blob {@code sha256} lives (or would). */
  public Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
    }
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  @Override
  public Future<String> put(Buffer bytes) {
    return vertx.executeBlocking(() -> write(bytes.getBytes()), false);
  }

  /** Hashes and writes; blocking. */
  private String write(byte[] bytes) throws IOException {
    String sha = sha256(bytes);
    Path target = path(sha);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return sha;
    }
    Files.createDirectories(target.getParent());
    Path part = Files.createTempFile(tmp, sha.substring(0, 12) + "-", ".part");
    try {
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        // Only if tmp/ were on another file system than the blobs, which this layout avoids.
        throw new IOException("the evidence directory " + root + " does not support atomic renames", e);
      }
    } finally {
      Files.deleteIfExists(part);
    }
    return sha;
  }

  @Override
  public Future<Blob> open(String sha256) {
    Path p;
    try {
      p = path(sha256);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new NoSuchBlob(sha256));
    }
    String file = p.toString();
    return vertx.fileSystem().exists(file).compose(exists -> {
      if (!exists) {
        return Future.failedFuture(new NoSuchBlob(sha256));
      }
      return vertx.fileSystem().props(file).compose(props -> vertx.fileSystem()
          .open(file, new OpenOptions().setRead(true).setWrite(false).setCreate(false))
          .map(f -> new Blob(sha256, props.size(), f, () -> close(f))));
    });
  }

  /** Closes a blob's file; a second close (the file was closed already) is harmless. */
  private static void close(AsyncFile f) {
    try {
      f.close();
    } catch (IllegalStateException alreadyClosed) {
      // AsyncFile refuses to close twice; once is all that is needed.
    }
  }

  @Override
  public Future<Boolean> contains(String sha256) {
    try {
      return vertx.fileSystem().exists(path(sha256).toString());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(false);
    }
  }

  /** The SHA-256 of {@code bytes} in lower-case hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
