-- Alerts are never deleted, so counting them by status on every dashboard call grows without end
-- (400,000 alerts: ≈ 100 ms, bench/RESULTS.md). Exact counts per (department, status), kept by two
-- statement-level triggers over the transition tables; department 0 = an alert of no department.
CREATE TABLE supervision_alert_counts (
  department_id integer NOT NULL,
  status text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (department_id, status)
);
--> statement-breakpoint
CREATE FUNCTION supervision_alert_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO supervision_alert_counts (department_id, status, n)
  SELECT coalesce(department_id, 0), status, count(*) FROM new_rows GROUP BY 1, 2
  ON CONFLICT (department_id, status) DO UPDATE SET n = supervision_alert_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER supervision_alerts_count_insert AFTER INSERT ON supervision_alerts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_alert_counts_insert();
--> statement-breakpoint
CREATE FUNCTION supervision_alert_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO supervision_alert_counts (department_id, status, n)
  SELECT k, s, sum(d) FROM (SELECT coalesce(department_id, 0) AS k, status AS s, 1 AS d FROM new_rows
                            UNION ALL SELECT coalesce(department_id, 0), status, -1 FROM old_rows) x
  GROUP BY k, s HAVING sum(d) <> 0
  ON CONFLICT (department_id, status) DO UPDATE SET n = supervision_alert_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER supervision_alerts_count_update AFTER UPDATE ON supervision_alerts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_alert_counts_update();
--> statement-breakpoint
INSERT INTO supervision_alert_counts SELECT coalesce(department_id, 0), status, count(*) FROM supervision_alerts GROUP BY 1, 2;
