package io.gridwatch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonalDataAccessTest {
  private static final long ME = 7;

  @Test
  void supervisors_the_operator_who_took_it_and_assigned_inspectors_see_clear_values() {
    assertThat(PersonalDataAccess.mayReadClear(Role.SUPERVISOR, ME, 99L, Set.of())).isTrue();
    assertThat(PersonalDataAccess.mayReadClear(Role.OPERATOR, ME, ME, Set.of())).isTrue();
    assertThat(PersonalDataAccess.mayReadClear(Role.INSPECTOR, ME, 99L, Set.of(3L, ME))).isTrue();
  }

  @Test
  void everybody_else_sees_masked_values() {
    assertThat(PersonalDataAccess.mayReadClear(Role.OPERATOR, ME, 99L, Set.of(ME))).isFalse();
    assertThat(PersonalDataAccess.mayReadClear(Role.OPERATOR, ME, null, Set.of())).isFalse();
    assertThat(PersonalDataAccess.mayReadClear(Role.INSPECTOR, ME, ME, Set.of(3L))).isFalse();
    for (Role r : new Role[] {Role.ADMIN, Role.ASSISTANT, Role.LEADER}) {
      assertThat(PersonalDataAccess.mayReadClear(r, ME, ME, Set.of(ME))).as(r.name()).isFalse();
    }
  }
}
