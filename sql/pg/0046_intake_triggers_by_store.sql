-- PostgreSQL 15 version of sql/sqlite/0046_intake_triggers_by_store.sql: report_officer_acts,
-- report_step_insert and report_component_insert are the store's work from here on.
DROP TRIGGER report_officer_acts ON dossier_events;
DROP FUNCTION report_officer_acts();
DROP TRIGGER report_step_insert ON dossier_steps;
DROP FUNCTION report_step_insert();
DROP TRIGGER report_component_insert ON dossier_components;
DROP FUNCTION report_component_insert();
