package io.gridwatch.employers;

/**
 * An employer's labour-security integrity rating (诚信等级), which sets how closely it is
 * supervised: A is inspected least, C most.
 */
public enum IntegrityRating {
  /** 守法诚信. */
  A,
  /** 基本守法诚信: watched. */
  B,
  /** 不守法诚信: closely supervised. */
  C
}
