package io.gridwatch.geo.importing;

import java.util.List;

/**
 * A file refused because one feature (or the file as a whole) would cost more to repair or
 * measure than an {@link ImportLimits} budget allows. Problem {@link
 * GridImportException#PROBLEM_BUDGET_EXCEEDED}, status 422; the message names the feature (index
 * and code), the budget and its limit, and {@link #errors()} points at the feature's geometry.
 * Immutable.
 */
public final class ImportBudgetExceededException extends GridImportException {
  private static final long serialVersionUID = 1L;

  private final ImportBudget.Kind budget;
  private final long limit;
  private final int featureIndex;
  private final String code;

  ImportBudgetExceededException(
      ImportBudget.Kind budget, long limit, int featureIndex, String code, String message) {
    super(PROBLEM_BUDGET_EXCEEDED, message, List.of(new FieldError(field(featureIndex), message)));
    this.budget = budget;
    this.limit = limit;
    this.featureIndex = featureIndex;
    this.code = code;
  }

  private static String field(int featureIndex) {
    return featureIndex < 0 ? "features" : "features[" + featureIndex + "].geometry";
  }

  /** Which budget was exceeded. */
  public ImportBudget.Kind budget() {
    return budget;
  }

  /** The budget's limit (a count, or milliseconds for {@link ImportBudget.Kind#PLANNING_TIME}). */
  public long limit() {
    return limit;
  }

  /** Index in the file of the feature being worked on, or -1 if none was. */
  public int featureIndex() {
    return featureIndex;
  }

  /** Code of that feature, or {@code null}. */
  public String code() {
    return code;
  }
}
