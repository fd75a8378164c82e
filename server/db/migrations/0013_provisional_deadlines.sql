ALTER TABLE "cases" ADD COLUMN "promised_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "statutory_provisional" boolean DEFAULT false NOT NULL;