-- tx_id places a record in a seal range; the database sets it, whatever an INSERT supplies.
CREATE OR REPLACE FUNCTION audit_force_tx_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tx_id := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_force_tx_id BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_force_tx_id();
