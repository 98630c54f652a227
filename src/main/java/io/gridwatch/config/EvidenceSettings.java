package io.gridwatch.config;

import java.nio.file.Path;

/**
 * Settings of the evidence store (io.gridwatch.evidence): where the blobs live and how large one
 * upload may be. Immutable.
 *
 * @param dir the directory of the content-addressed blobs ({@code evidence.dir}, default
 *     {@code <data.dir>/evidence})
 * @param maxBytes the largest upload accepted ({@code evidence.maxBytes}, default 10 MiB); a
 *     larger body is refused with 413 before more than this is read
 */
public record EvidenceSettings(Path dir, long maxBytes) {
  /** The default upload limit: 10 MiB. */
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  /** The defaults under {@code dataDir}. */
  public static EvidenceSettings defaults(Path dataDir) {
    return new EvidenceSettings(dataDir.resolve("evidence"), DEFAULT_MAX_BYTES);
  }
}
