package io.gridwatch.geo.demo;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Plausible, invented Chinese place names for the demo grid, drawn from a seeded {@link Random}:
 * two common place-name characters, sometimes a surname with 家, or a street-like 路/街 ending,
 * followed by the suffix of the cell's kind (街道, 镇, 乡, 社区, 村, 工业园区, 园区). One instance
 * keeps the names of one parent's children unique. Not thread-safe; one per parent.
 */
final class PlaceNames {
  private static final String CHARS =
      "东西南北新和平安龙凤金石华兴福桂花柳青云江河山水泉坪坝湾玉宝林竹松清光明永长太庆乐德顺盛丰"
          + "双白红黄望高文书锦春瑞祥莲梅沙溪岗岭堰塘寺成天都崇仁义礼信忠孝武胜利民建富康宁";
  private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董";
  private static final String VILLAGE_ENDINGS = "家湾坝沟坪桥岩";
  private static final String STREET_ENDINGS = "路街桥";

  /** Stems with unfortunate meanings (黄泉: the underworld). */
  private static final Set<String> AVOID = Set.of("黄泉");

  private final Random rng;
  private final Set<String> used = new HashSet<>();

  PlaceNames(Random rng) {
    this.rng = rng;
  }

  /** A new name unique among those this instance gave out, ending in {@code kind.suffix()}. */
  String next(Kind kind) {
    for (int attempt = 0; ; attempt++) {
      String stem = stem(kind, attempt);
      String name = stem + kind.suffix(rng);
      if (!AVOID.contains(stem.substring(0, 2)) && used.add(stem) && used.add(name)) {
        return name;
      }
    }
  }

  private String stem(Kind kind, int attempt) {
    double roll = rng.nextDouble();
    if (kind == Kind.VILLAGE && roll < 0.35) {
      return "" + pick(SURNAMES) + pick(VILLAGE_ENDINGS);
    }
    char a = pick(CHARS);
    char b;
    do {
      b = pick(CHARS);
    } while (b == a);
    String stem = "" + a + b;
    boolean streetLike = kind == Kind.STREET || kind == Kind.COMMUNITY;
    if (streetLike && roll < 0.25) {
      stem += pick(STREET_ENDINGS);
    }
    // After many collisions, lengthen the stem so that a name is always found.
    if (attempt > 50) {
      stem += pick(CHARS);
    }
    return stem;
  }

  private char pick(String s) {
    return s.charAt(rng.nextInt(s.length()));
  }

  /** The kinds of demo cells, with their code ranges (last 3 digits) and name suffixes. */
  enum Kind {
    /** 街道, level 2, codes 001-099. */
    STREET(1, 99),
    /** 镇, level 2, codes 100-199. */
    TOWN(100, 199),
    /** 乡, level 2, codes 200-399. */
    TOWNSHIP(200, 399),
    /** 社区 (居委会), level 3, codes 001-199. */
    COMMUNITY(1, 199),
    /** 村 (村委会), level 3, codes 200-399. */
    VILLAGE(200, 399),
    /** 工业园区 / 园区 (类似居委会), level 3, codes 400-499. */
    PARK(400, 499);

    final int first;
    final int last;

    Kind(int first, int last) {
      this.first = first;
      this.last = last;
    }

    String suffix(Random rng) {
      return switch (this) {
        case STREET -> "街道";
        case TOWN -> "镇";
        case TOWNSHIP -> "乡";
        case COMMUNITY -> "社区";
        case VILLAGE -> "村";
        case PARK -> rng.nextInt(3) == 0 ? "园区" : "工业园区";
      };
    }
  }
}
