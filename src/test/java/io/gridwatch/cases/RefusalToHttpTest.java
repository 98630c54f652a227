package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.cases.workflow.Decision;
import io.gridwatch.http.ApiException;
import org.junit.jupiter.api.Test;

/** The workflow's refusals speak no HTTP; the cases capability maps them, here, in one place. */
class RefusalToHttpTest {
  private static ApiException of(Decision.Kind kind) {
    return CaseService.rejected(new Decision.Rejected(kind, "because"));
  }

  @Test
  void refusal_kinds_map_to_http_statuses_and_problem_slugs() {
    assertThat(of(Decision.Kind.NOT_ALLOWED_FROM_STATUS)).extracting(ApiException::status, ApiException::slug)
        .containsExactly(409, "transition-not-allowed");
    assertThat(of(Decision.Kind.STALE_VERSION)).extracting(ApiException::status, ApiException::slug)
        .containsExactly(409, "stale-version");
    assertThat(of(Decision.Kind.FORBIDDEN_FOR_ROLE)).extracting(ApiException::status, ApiException::slug)
        .containsExactly(403, "transition-forbidden");
    assertThat(of(Decision.Kind.INVALID)).extracting(ApiException::status, ApiException::slug)
        .containsExactly(422, "invalid-transition");
    assertThat(of(Decision.Kind.INVALID).getMessage()).isEqualTo("because");
  }
}
