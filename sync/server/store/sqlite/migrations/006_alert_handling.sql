-- Dinkes' handling of a priority alert in the console: acknowledged (by whom, when) and assigned to an officer.
CREATE TABLE alert_handling (
  alert_id TEXT PRIMARY KEY,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  assigned_to TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
