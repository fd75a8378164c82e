-- Alerts are evidence of supervision: never deleted; their history and the rectification history
-- are only ever appended to. (Alerts themselves change status, so only DELETE is refused.)
CREATE OR REPLACE FUNCTION supervision_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION supervision_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (%)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER supervision_alerts_no_delete BEFORE DELETE ON supervision_alerts
  FOR EACH ROW EXECUTE FUNCTION supervision_no_delete();
--> statement-breakpoint
CREATE TRIGGER alert_events_append_only BEFORE UPDATE OR DELETE ON alert_events
  FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings
  FOR EACH ROW EXECUTE FUNCTION supervision_no_delete();
--> statement-breakpoint
CREATE TRIGGER rectification_events_append_only BEFORE UPDATE OR DELETE ON rectification_events
  FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER docno_numbers_no_delete BEFORE DELETE ON docno_numbers
  FOR EACH ROW EXECUTE FUNCTION supervision_no_delete();
--> statement-breakpoint
INSERT INTO light_rules (item_id) VALUES (NULL);
--> statement-breakpoint
INSERT INTO stats_rollup_state (id) VALUES (1);
