-- The light filters over open cases (lightFilterSql: red = past promised_due with the clock running,
-- yellow = past yellow_from) were tested on the heap for every open case the index walked: at 21 million
-- cases the centre-wide red list read ≈ 153,000 heap rows for one page (138 ms). The same indexes with
-- the deadline columns included let the test run on the index entries (bench/RESULTS.md, city.ts:
-- 138 → 45 ms centre-wide, 36 → 6 ms within a department). Same keys, same predicate.
DROP INDEX IF EXISTS "cases_open_received_idx";
--> statement-breakpoint
CREATE INDEX "cases_open_received_idx" ON "cases" USING btree ("received_on","id") INCLUDE ("promised_due","paused_on","yellow_from")
  WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
--> statement-breakpoint
DROP INDEX IF EXISTS "cases_department_open_received_idx";
--> statement-breakpoint
CREATE INDEX "cases_department_open_received_idx" ON "cases" USING btree ("department_id","received_on","id") INCLUDE ("promised_due","paused_on","yellow_from")
  WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
