package io.gridwatch.cases.clock;

/**
 * How urgent the intake desk judged a case. URGENT covers mass incidents (群体性事件, e.g. many
 * workers owed wages gathering at a site), danger to life or health, and child labour found at
 * work.
 */
public enum Urgency {
  URGENT,
  NORMAL
}
