package io.gridwatch.evidence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Where evidence bytes live: a content-addressed store, each blob named by the SHA-256 of its
 * bytes (64 lower-case hex digits). The same bytes stored twice are one blob. Blobs are never
 * changed or deleted through this interface. Implementations are thread-safe and never block the
 * caller's event loop: hashing and IO run on a worker or through asynchronous IO.
 * {@link FileSystemEvidenceStore} is the default; an object store would be another.
 */
public interface EvidenceStore {

  /** A stored blob opened for reading. The caller must read {@code content} to its end or close it. */
  record Blob(String sha256, long size, ReadStream<Buffer> content, Runnable close) {}

  /** Thrown (as a failed future) by {@link #open} when no blob has that hash. */
  final class NoSuchBlob extends RuntimeException {
    public NoSuchBlob(String sha256) {
      super("no blob " + sha256, null, false, false);
    }
  }

  /** Stores {@code bytes}; completes with their SHA-256 once they are durably stored. Idempotent. */
  Future<String> put(Buffer bytes);

  /** Opens the blob {@code sha256}; fails with {@link NoSuchBlob} when there is none. */
  Future<Blob> open(String sha256);

  /** Whether the blob {@code sha256} is stored. */
  Future<Boolean> contains(String sha256);
}
