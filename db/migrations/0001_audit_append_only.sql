-- The audit trail is append-only: no row may change, and a row may be deleted only once it is
-- older than the 184-day retention period.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_retention BEFORE DELETE ON audit_log
WHEN old.at > (CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 184 * 86400000)
BEGIN
  SELECT RAISE(ABORT, 'audit_log rows are kept at least 184 days');
END;
