-- 暂定 is derived when read (ADR 0024): a deadline is provisional when some year from the acceptance day to it has
-- no confirmed holiday arrangement — the calendar's answer, never stored, so confirming a year rewrites only the
-- cases whose dates move (issue 14.8). Dropping the flags drops 0015's cases_open_provisional_idx with them.
ALTER TABLE "cases" DROP COLUMN "promised_provisional";
--> statement-breakpoint
ALTER TABLE "cases" DROP COLUMN "statutory_provisional";
--> statement-breakpoint
-- The open cases a confirmed year can move: those whose later deadline reaches into it (and accepted before it
-- ends). Declared here only, like 0015's index: drizzle-kit neither creates nor drops an index its snapshot does not know.
CREATE INDEX "cases_open_latest_due_idx" ON "cases" USING btree ((greatest("promised_due", "statutory_due")))
  WHERE "status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
