package io.gridwatch.employers;

import java.util.Locale;
import java.util.Optional;

/**
 * What an employer does, in the coarse classes the inspection service plans by (the sectors where
 * most complaints come from). Construction is special: its projects must keep the three wage
 * safeguards ({@link ConstructionSafeguards}).
 */
public enum Industry {
  /** 建筑业: contractors, labour subcontractors, building projects. */
  CONSTRUCTION("建筑业"),
  /** 制造业. */
  MANUFACTURING("制造业"),
  /** 餐饮业. */
  CATERING("餐饮业"),
  /** 批发和零售业. */
  RETAIL("批发零售业"),
  /** 交通运输、仓储和邮政业. */
  LOGISTICS("物流仓储业"),
  /** 居民服务、物业、保安、人力资源等服务业. */
  SERVICES("服务业");

  private final String chinese;

  Industry(String chinese) {
    this.chinese = chinese;
  }

  public String chinese() {
    return chinese;
  }

  /** The industry named {@code name} (case-insensitive), or empty. */
  public static Optional<Industry> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
