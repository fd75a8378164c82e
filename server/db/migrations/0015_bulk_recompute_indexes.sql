-- Set-based recomputes (issue 14.8): a working day's ordinal back to its day (a case's ordinal ± n), as an index
-- instead of a scan of working_days per case and lookup.
CREATE UNIQUE INDEX "working_days_ordinal_uq" ON "working_days" USING btree ("ordinal");--> statement-breakpoint
-- The open cases with a provisional (暂定) deadline, which confirming a year recomputes: a few percent of the open
-- cases, found without reading the others. Declared here only (like 0012's INCLUDE lists): cases.tables.ts is
-- the cases module's, and drizzle-kit neither creates nor drops an index its snapshot does not know.
CREATE INDEX "cases_open_provisional_idx" ON "cases" USING btree ("id")
  WHERE ("promised_provisional" OR "statutory_provisional")
    AND "status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');
