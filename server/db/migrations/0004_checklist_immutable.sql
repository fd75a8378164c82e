-- A published checklist version is the legal basis of every case accepted under it: it never
-- changes (SPEC §2). The database refuses any change to it or to its lines, whoever asks.
CREATE OR REPLACE FUNCTION checklist_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'checklist version % is published and cannot be changed (%)', OLD.id, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER checklist_versions_immutable BEFORE UPDATE OR DELETE ON checklist_versions
  FOR EACH ROW EXECUTE FUNCTION checklist_version_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checklist_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT status INTO v_status FROM checklist_versions WHERE id = OLD.version_id;
    IF v_status = 'published' THEN
      RAISE EXCEPTION 'checklist version % is published: its lines cannot be changed (%)', OLD.version_id, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT status INTO v_status FROM checklist_versions WHERE id = NEW.version_id;
    IF v_status = 'published' THEN
      RAISE EXCEPTION 'checklist version % is published: no line can be added (%)', NEW.version_id, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER checklist_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON checklist_lines
  FOR EACH ROW EXECUTE FUNCTION checklist_line_guard();
--> statement-breakpoint
CREATE TRIGGER checklist_lines_no_truncate BEFORE TRUNCATE ON checklist_lines
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER checklist_versions_no_truncate BEFORE TRUNCATE ON checklist_versions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
