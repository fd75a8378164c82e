ALTER TABLE "stats_rollup_state" ADD COLUMN "running_through" date;--> statement-breakpoint
ALTER TABLE "stats_rollup_state" ADD COLUMN "wide_on" date;
--> statement-breakpoint
-- Running totals of the monthly rollup (ADR 0012): per (dim, member), the sums of every month up to and
-- including `month`, carried forward to every later month. A period of three or more whole months
-- [a, b] is then R(b) − R(a − 1): two rows per member however long the period (bench/RESULTS.md:
-- 12 months by item 396 → 73 ms at 20 million cases a year). Kept by MetricsService.rebuild.
CREATE TABLE case_stats_running (
  month date NOT NULL,
  dim text NOT NULL,
  member integer NOT NULL,
  received integer NOT NULL,
  accepted integer NOT NULL,
  refused integer NOT NULL,
  decided integer NOT NULL,
  on_time integer NOT NULL,
  early integer NOT NULL,
  late integer NOT NULL,
  handling_days bigint NOT NULL,
  handled integer NOT NULL,
  rated integer NOT NULL,
  satisfied integer NOT NULL,
  bad integer NOT NULL,
  PRIMARY KEY (dim, month, member)
);
--> statement-breakpoint
-- Backfill from the monthly rows already there: every member × every month from its first one.
INSERT INTO case_stats_running (month, dim, member, received, accepted, refused, decided, on_time, early, late, handling_days, handled, rated, satisfied, bad)
WITH months AS (
  SELECT generate_series(min(month), max(month), interval '1 month')::date AS month FROM case_stats_monthly
), firsts AS (
  SELECT dim, member, min(month) AS first FROM case_stats_monthly GROUP BY dim, member
), grid AS (
  SELECT f.dim, f.member, m.month FROM firsts f JOIN months m ON m.month >= f.first
)
SELECT g.month, g.dim, g.member,
  sum(coalesce(x.received, 0)) OVER w, sum(coalesce(x.accepted, 0)) OVER w, sum(coalesce(x.refused, 0)) OVER w,
  sum(coalesce(x.decided, 0)) OVER w, sum(coalesce(x.on_time, 0)) OVER w, sum(coalesce(x.early, 0)) OVER w,
  sum(coalesce(x.late, 0)) OVER w, sum(coalesce(x.handling_days, 0)) OVER w, sum(coalesce(x.handled, 0)) OVER w,
  sum(coalesce(x.rated, 0)) OVER w, sum(coalesce(x.satisfied, 0)) OVER w, sum(coalesce(x.bad, 0)) OVER w
FROM grid g LEFT JOIN case_stats_monthly x ON x.dim = g.dim AND x.member = g.member AND x.month = g.month
WINDOW w AS (PARTITION BY g.dim, g.member ORDER BY g.month);
--> statement-breakpoint
UPDATE stats_rollup_state SET running_through = (SELECT max(month) FROM case_stats_running) WHERE id = 1;
