package io.gridwatch.demo;

import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.cases.workflow.Outcome;
import io.gridwatch.cases.workflow.OutcomeAction;
import io.gridwatch.cases.workflow.Satisfaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The next move of a demo case, taken by the user who would take it: the operator accepts (受理)
 * some complaints first, the duty supervisor registers (or declines) and closes, the operator dispatches to two inspectors whose grid covers
 * the case's cell, merges duplicates and calls back, the inspectors accept, arrive, investigate
 * and resolve, a grid assistant (or the supervisor) verifies. Now and then an exception path, so
 * that the wall sees every kind of event: a decline, a return, an extension, a parking, a failed
 * verification, a dissatisfied follow-up and its reopening.
 *
 * <p>At run time {@link DemoTraffic} does not take the DISPATCHED moves from here: the demo's
 * field ({@link DemoField}) answers dispatches, travels and checks in, as inspectors on the street
 * would. The DISPATCHED branch stays as the model of the sequence (accept by each, then arrive)
 * that the pure tests play through.
 *
 * <p>Pure: the decision depends only on its arguments (the {@link Random} is seeded per case and
 * version by the caller). Stateless and thread-safe.
 */
final class DemoWorkflow {
  /**
   * One move. {@code dispatchTeam} is set for a dispatch, whose command the case service builds
   * (it looks up the members' roles); {@code command} is null then.
   */
  record Step(Caller caller, Command command, List<Long> dispatchTeam) {}

  /** What the case is about, as far as moving it needs. */
  record Facts(String cellCode, String category, int workers, BigDecimal amountOwed) {}

  static final List<String> DECLINE_REASONS = List.of(
      "属于劳动争议，已告知向劳动人事争议仲裁委员会申请仲裁",
      "超过两年投诉时效，依法不予受理",
      "投诉事项不属于劳动保障监察管辖范围，已告知向有关部门反映",
      "投诉人无法提供用人单位信息，经核实无法确认");
  static final double DECLINE = 0.10;
  static final double ADMIT_FIRST = 0.5;
  static final double RETURN = 0.03;
  static final double EXTEND = 0.05;
  static final double PARK = 0.02;
  static final double FAIL_VERIFICATION = 0.08;
  static final double DISSATISFIED = 0.12;

  private DemoWorkflow() {}

  /**
   * The next move for a case in {@code state}, or empty when there is none to make (a terminal or
   * followed-up case, a cell no two demo inspectors cover). {@code duplicateOf}: an earlier open
   * case this one repeats, or null. {@code today} (Beijing) dates a parking's review.
   */
  static Optional<Step> next(CaseState state, Facts facts, DemoCast cast, Random rng, Long duplicateOf,
      LocalDate today) {
    long v = state.version();
    Caller supervisor = cast.supervisor();
    Caller operator = cast.operator();
    return switch (state.status()) {
      case RECEIVED -> {
        if (duplicateOf != null) {
          yield step(operator, new Command.Merge(v, duplicateOf, "同一用人单位同一事项重复投诉，合并办理"));
        }
        double r = rng.nextDouble();
        yield r < DECLINE ? step(supervisor, new Command.Decline(v, DemoNames.pick(rng, DECLINE_REASONS)))
            : r < DECLINE + ADMIT_FIRST ? step(operator, new Command.Admit(v))
            : step(supervisor, new Command.Register(v));
      }
      case ADMITTED -> step(supervisor, new Command.Register(v));
      case REGISTERED -> {
        List<Caller> team = cast.inspectorsFor(facts.cellCode(), 2, rng);
        yield team.size() < 2 ? Optional.empty()
            : Optional.of(new Step(operator, null, team.stream().map(Caller::userId).toList()));
      }
      case DISPATCHED -> {
        if (state.acceptedBy().isEmpty() && rng.nextDouble() < RETURN) {
          yield step(operator, new Command.Return(v, "派遣网格有误，退回重新派遣"));
        }
        for (long id : state.assignedInspectors()) {
          if (!state.acceptedBy().contains(id)) {
            yield cast.inspector(id).flatMap(c -> step(c, new Command.Accept(v)));
          }
        }
        yield teamMember(state, cast, rng).flatMap(c -> step(c, new Command.Arrive(v)));
      }
      case ON_SITE -> teamMember(state, cast, rng).flatMap(c -> step(c, new Command.Investigate(v)));
      case INVESTIGATING -> {
        double r = rng.nextDouble();
        if (r < EXTEND && state.extensionWorkingDays() == 0) {
          yield step(supervisor, new Command.Extend(v, 10 + 10 * rng.nextInt(3), "案情复杂，需进一步调取工资发放记录和考勤记录"));
        }
        if (r > 1 - PARK && state.reworks() == 0) {
          yield step(supervisor, new Command.Park(v, "用人单位负责人失联，挂账督办", today.plusDays(14)));
        }
        yield teamMember(state, cast, rng).flatMap(c -> step(c, new Command.Resolve(v, outcome(rng, facts))));
      }
      case RESOLVED -> {
        boolean passed = state.reworks() > 0 || rng.nextDouble() >= FAIL_VERIFICATION;
        Caller verifier = rng.nextDouble() < 0.7
            ? cast.assistantFor(facts.cellCode(), rng).orElse(supervisor) : supervisor;
        yield step(verifier, new Command.Verify(v, passed, passed ? null : "复核发现工资尚未足额支付，退回继续处理"));
      }
      case VERIFIED -> step(supervisor, new Command.Close(v));
      case CLOSED -> {
        if (state.followUp() == null) {
          boolean dissatisfied = state.reworks() == 0 && rng.nextDouble() < DISSATISFIED;
          Satisfaction said = dissatisfied ? Satisfaction.DISSATISFIED : Satisfaction.SATISFIED;
          yield step(operator, new Command.FollowUp(v, said, dissatisfied ? "投诉人反映工资仍未全部到账" : "投诉人对处理结果表示满意"));
        }
        yield state.followUp() == Satisfaction.DISSATISFIED && state.reworks() == 0
            ? step(supervisor, new Command.Reopen(v, "回访不满意，返工处理")) : Optional.empty();
      }
      case PARKED -> step(supervisor, new Command.Unpark(v));
      default -> Optional.empty(); // DECLINED, MERGED: done
    };
  }

  private static Optional<Step> step(Caller caller, Command command) {
    return Optional.of(new Step(caller, command, null));
  }

  private static Optional<Caller> teamMember(CaseState state, DemoCast cast, Random rng) {
    List<Long> team = state.assignedInspectors();
    if (team.isEmpty()) {
      return Optional.empty();
    }
    return cast.inspector(team.get(rng.nextInt(team.size())));
  }

  /**
   * How it ended: mostly mediation or an order to rectify, some penalties, a transfer to the
   * police for large or collective arrears, sometimes no violation. Wages are recovered in full
   * most of the time, in part or not at all otherwise.
   */
  static Outcome outcome(Random rng, Facts facts) {
    boolean big = facts.workers() >= DemoComplaints.MASS_INCIDENT
        || (facts.amountOwed() != null && facts.amountOwed().compareTo(BigDecimal.valueOf(100_000)) >= 0);
    double r = rng.nextDouble();
    OutcomeAction action;
    if (facts.category().equals("WAGE_ARREARS")) {
      action = r < 0.45 ? OutcomeAction.MEDIATION : r < 0.80 ? OutcomeAction.ORDER_TO_RECTIFY
          : r < 0.88 ? OutcomeAction.PENALTY : r < 0.92 && big ? OutcomeAction.TRANSFER_TO_POLICE
          : r < 0.92 ? OutcomeAction.ORDER_TO_RECTIFY : OutcomeAction.NO_VIOLATION;
    } else {
      action = r < 0.35 ? OutcomeAction.MEDIATION : r < 0.75 ? OutcomeAction.ORDER_TO_RECTIFY
          : r < 0.85 ? OutcomeAction.PENALTY : OutcomeAction.NO_VIOLATION;
    }
    if (action == OutcomeAction.NO_VIOLATION) {
      return new Outcome(BigDecimal.ZERO.setScale(2), 0, action);
    }
    BigDecimal owed = facts.amountOwed() == null ? BigDecimal.ZERO : facts.amountOwed();
    double share = rng.nextDouble();
    double recovered = share < 0.70 ? 1.0 : share < 0.95 ? 0.5 + rng.nextDouble() * 0.45 : 0.0;
    BigDecimal wages = owed.multiply(BigDecimal.valueOf(recovered)).setScale(2, RoundingMode.HALF_UP);
    return new Outcome(wages, facts.workers(), action);
  }
}
