/**
 * The case workflow as a pure model: statuses, actions, the transition and permission tables, and
 * {@link io.gridwatch.cases.workflow.Workflow#decide}, which turns (state, command, actor) into a
 * {@link io.gridwatch.cases.workflow.Decision}. Plain Java: no Vert.x, no database, no I/O, no
 * clock (ARCHITECTURE.md, convention 5). Every type is immutable and every function pure, so the
 * model is thread-safe and is tested without a server.
 *
 * <p>The HTTP layer maps {@code POST /api/cases/{id}/transitions} to a {@link
 * io.gridwatch.cases.workflow.Command}, loads the case's {@link
 * io.gridwatch.cases.workflow.CaseState}, calls {@code decide}, and on acceptance stores the new
 * state (with {@code WHERE version = expectedVersion}) and appends the events in one transaction;
 * a refusal's {@link io.gridwatch.cases.workflow.Decision.Kind} gives the HTTP status.
 *
 * <pre>
 *                        decline
 *   (file) ──► RECEIVED ─────────► DECLINED ■
 *                 │ register
 *                 ▼
 *            REGISTERED ◄──────────────────────┐ return (wrong dispatch)
 *                 │ dispatch (≥ 2 inspectors)   │
 *                 ▼                             │
 *            DISPATCHED ⟲ accept ───────────────┤
 *                 │ arrive                      │
 *                 ▼                             │
 *              ON_SITE ─────────────────────────┘
 *                 │ investigate
 *                 ▼
 *       ┌──► INVESTIGATING ◄───────────────┐
 *       │         │ resolve (outcome)      │
 *       │         ▼                        │ verify (failed) 返工
 *       │     RESOLVED ────────────────────┘
 *       │         │ verify (passed)
 *       │         ▼
 *       │     VERIFIED
 *       │         │ close
 *       │         ▼
 *       └────── CLOSED ⟲ follow-up (satisfied / dissatisfied)
 *      reopen     (after a dissatisfied follow-up)
 *
 *   extend ⟲ (≤ 30 working days in total) in REGISTERED, DISPATCHED, ON_SITE, INVESTIGATING, RESOLVED
 *   park:   REGISTERED | DISPATCHED | ON_SITE | INVESTIGATING ──► PARKED ──unpark──► the status it left
 *   merge:  every open status (RECEIVED .. VERIFIED, PARKED) ──► MERGED ■ (into another case)
 *
 *   ■ terminal; CLOSED is terminal but for follow-up and reopen.
 * </pre>
 */
package io.gridwatch.cases.workflow;
