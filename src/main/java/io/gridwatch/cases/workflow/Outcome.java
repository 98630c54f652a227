package io.gridwatch.cases.workflow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of handling a case (办结): wages recovered (yuan), workers helped and the action
 * taken. Immutable. Built from user input, so it is not checked on construction; {@link
 * #problems()} says what is wrong with it.
 *
 * @param wagesRecovered in yuan, at most two decimals, zero or more (zero when none were owed)
 * @param workersHelped zero or more
 * @param action what was done; null is reported by {@link #problems()}
 */
public record Outcome(BigDecimal wagesRecovered, int workersHelped, OutcomeAction action) {

  /** What is wrong with this outcome, one sentence each; empty when it is valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (wagesRecovered == null) {
      p.add("outcome.wagesRecovered is required (0.00 when none)");
    } else if (wagesRecovered.signum() < 0) {
      p.add("outcome.wagesRecovered must not be negative");
    } else if (wagesRecovered.stripTrailingZeros().scale() > 2) {
      p.add("outcome.wagesRecovered has more than two decimals (yuan and fen)");
    }
    if (workersHelped < 0) {
      p.add("outcome.workersHelped must not be negative");
    }
    if (action == null) {
      p.add("outcome.action is required, one of MEDIATION, ORDER_TO_RECTIFY, PENALTY, TRANSFER_TO_POLICE, NO_VIOLATION");
    }
    return p;
  }

  /** Whether the outcome involves enforcement, which only inspectors may take. */
  public boolean involvesEnforcement() {
    return action != null && action.isEnforcement();
  }

  /** The amount as the API writes money: a decimal string with two decimals, {@code "12500.00"}. */
  public String wagesRecoveredText() {
    return wagesRecovered.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }
}
