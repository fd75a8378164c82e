-- The yellow light is computed when read, from the promised date and the light rules as they are then
-- (ADR 0022): a rule change writes one rule row instead of every open case it governs (issue 14.8).
-- Dropping the column drops the two indexes that INCLUDE it (0012); they come back including the columns a
-- light is now computed from, so the light filters' counts still run on index entries.
ALTER TABLE "cases" DROP COLUMN "yellow_from";
--> statement-breakpoint
DROP INDEX IF EXISTS "cases_open_received_idx";
--> statement-breakpoint
CREATE INDEX "cases_open_received_idx" ON "cases" USING btree ("received_on","id")
  INCLUDE ("promised_due","paused_on","item_id","promised_limit","extension_status")
  WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
--> statement-breakpoint
DROP INDEX IF EXISTS "cases_department_open_received_idx";
--> statement-breakpoint
CREATE INDEX "cases_department_open_received_idx" ON "cases" USING btree ("department_id","received_on","id")
  INCLUDE ("promised_due","paused_on","item_id","promised_limit","extension_status")
  WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
