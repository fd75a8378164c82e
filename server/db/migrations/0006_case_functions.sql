-- Working-day ordinal of a date: the ordinal of the last working day on or before it (NULL outside
-- the maintained calendar). Remaining working days = wd_ord(due) - wd_ord(today), in SQL for lists.
CREATE OR REPLACE FUNCTION wd_ord(d date) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT ordinal FROM working_days WHERE day <= d ORDER BY day DESC LIMIT 1
$$;
--> statement-breakpoint
-- A case's history is evidence: it is only ever appended to.
CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
