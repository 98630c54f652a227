package io.gridwatch.demo;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Weighted random choices. Stateless and thread-safe (the {@link Random} is the caller's). */
final class Weighted {
  private Weighted() {}

  /** An index into {@code weights}, each chosen in proportion to its (non-negative) weight. */
  static int index(Random rng, List<Double> weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rng.nextDouble() * total;
    for (int i = 0; i < weights.size(); i++) {
      x -= weights.get(i);
      if (x < 0) {
        return i;
      }
    }
    return weights.size() - 1;
  }

  /** A key of {@code weights}, in proportion to its weight (iteration order must be stable). */
  static <T> T pick(Random rng, Map<T, Double> weights) {
    List<T> keys = List.copyOf(weights.keySet());
    return keys.get(index(rng, keys.stream().map(weights::get).toList()));
  }
}
