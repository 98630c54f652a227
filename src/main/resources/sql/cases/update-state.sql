-- A case's next workflow state, if it is still at the expected version (CaseStore.transition, a
-- SqlTemplate: named parameters from CaseStore.StateChange); no row when another change came first.
UPDATE case_file SET status = #{status}, version = #{version}, assigned_inspectors = #{assignedInspectors},
  accepted_by = #{acceptedBy}, extension_working_days = #{extensionWorkingDays},
  status_before_parking = #{statusBeforeParking}, outcome = #{outcome}, reworks = #{reworks},
  follow_up = #{followUp}, merged_into = #{mergedInto}, updated_at = now()
WHERE id = #{id} AND version = #{expectedVersion}
RETURNING updated_at
