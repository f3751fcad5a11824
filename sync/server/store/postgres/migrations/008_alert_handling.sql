-- Dinkes' handling of a priority alert in the console: acknowledged (by whom, when) and assigned to an officer.
CREATE TABLE alert_handling (
  alert_id text PRIMARY KEY,
  acknowledged_at bigint,
  acknowledged_by text,
  assigned_to text,
  updated_at bigint NOT NULL
);
