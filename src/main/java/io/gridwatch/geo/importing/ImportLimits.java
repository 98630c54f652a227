package io.gridwatch.geo.importing;

/**
 * Size limits an import file must stay within, so that a hostile or mistaken upload cannot
 * exhaust memory or CPU. A file over a limit is refused with {@link
 * GridImportException#PROBLEM_TOO_LARGE} (or {@link GridImportException#PROBLEM_TOO_DEEP} for
 * nesting) before it is fully read.
 *
 * @param maxFeatures features (GeoJSON) or rows (GeoPackage) in one file
 * @param maxVerticesPerFeature positions in one feature's geometry, all rings together
 * @param maxTotalVertices positions in the whole file
 * @param maxNestingDepth JSON arrays and objects nested in one another
 * @param maxBytes size of the file in bytes
 */
public record ImportLimits(
    int maxFeatures,
    int maxVerticesPerFeature,
    long maxTotalVertices,
    int maxNestingDepth,
    long maxBytes) {

  /** 100,000 features, 200,000 vertices each, 5,000,000 in all, depth 64, 64 MiB. */
  public static final ImportLimits DEFAULTS =
      new ImportLimits(100_000, 200_000, 5_000_000L, 64, 64L * 1024 * 1024);

  public ImportLimits {
    if (maxFeatures < 1 || maxVerticesPerFeature < 4 || maxTotalVertices < 4
        || maxNestingDepth < 8 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "import limits too small: features >= 1, vertices >= 4, depth >= 8, bytes >= 1");
    }
  }

  /** The defaults, see {@link #DEFAULTS}. */
  public static ImportLimits defaults() {
    return DEFAULTS;
  }
}
