CREATE TABLE "rating_invitations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"token" text NOT NULL,
	"stage" text NOT NULL,
	"visit_id" bigint,
	"case_id" bigint,
	"site_id" integer NOT NULL,
	"window_id" integer,
	"clerk_id" integer,
	"department_id" integer,
	"subject" text NOT NULL,
	"rater_name" text NOT NULL,
	"rater_id_no" text NOT NULL,
	"rater_phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rated_at" timestamp with time zone,
	CONSTRAINT "rating_invitations_stage_ck" CHECK ("rating_invitations"."stage" in ('acceptance', 'completion'))
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invitation_id" bigint NOT NULL,
	"level" smallint NOT NULL,
	"channel" text NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rated_on" date NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ratings_level_ck" CHECK ("ratings"."level" between 1 and 5),
	CONSTRAINT "ratings_channel_ck" CHECK ("ratings"."channel" in ('device', 'sms', 'portal', 'default'))
);
--> statement-breakpoint
CREATE TABLE "rectification_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rectification_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rectification_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rectifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rating_id" bigint NOT NULL,
	"status" text DEFAULT 'verifying' NOT NULL,
	"site_id" integer NOT NULL,
	"department_id" integer,
	"clerk_id" integer,
	"opened_on" date NOT NULL,
	"due_on" date NOT NULL,
	"yellow_from" date NOT NULL,
	"verify_note" text DEFAULT '' NOT NULL,
	"rectify_note" text DEFAULT '' NOT NULL,
	"reply_note" text DEFAULT '' NOT NULL,
	"revisit_note" text DEFAULT '' NOT NULL,
	"revisit_satisfied" boolean,
	"appeal_reason" text DEFAULT '' NOT NULL,
	"appeal_decision" text,
	"appeal_note" text DEFAULT '' NOT NULL,
	"closed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectifications_status_ck" CHECK ("rectifications"."status" in ('verifying', 'rectifying', 'replied', 'appealing', 'closed')),
	CONSTRAINT "rectifications_appeal_ck" CHECK ("rectifications"."appeal_decision" is null or "rectifications"."appeal_decision" in ('upheld', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"alert_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_stats_daily" (
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"member" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"handling_days" bigint DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"bad" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_stats_daily_dim_member_day_pk" PRIMARY KEY("dim","member","day")
);
--> statement-breakpoint
CREATE TABLE "case_stats_monthly" (
	"month" date NOT NULL,
	"dim" text NOT NULL,
	"member" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"handling_days" bigint DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"bad" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_stats_monthly_dim_member_month_pk" PRIMARY KEY("dim","member","month")
);
--> statement-breakpoint
CREATE TABLE "docno_gaps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "docno_gaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"series_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"document_no" text NOT NULL,
	"alert_id" bigint NOT NULL,
	"status" text DEFAULT 'missing' NOT NULL,
	"explanation_kind" text,
	"reason" text DEFAULT '' NOT NULL,
	"attachment_key" text,
	"attachment_name" text,
	"attachment_mime" text,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"filled_by_number_id" bigint,
	CONSTRAINT "docno_gaps_status_ck" CHECK ("docno_gaps"."status" in ('missing', 'filled', 'explained')),
	CONSTRAINT "docno_gaps_kind_ck" CHECK ("docno_gaps"."explanation_kind" is null or "docno_gaps"."explanation_kind" in ('voided', 'reserved', 'exception'))
);
--> statement-breakpoint
CREATE TABLE "docno_numbers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "docno_numbers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"series_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"document_no" text NOT NULL,
	"case_id" bigint,
	"source" text NOT NULL,
	"flag" text,
	"duplicate" boolean DEFAULT false NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"registered_by" integer,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "docno_numbers_source_ck" CHECK ("docno_numbers"."source" in ('case', 'off_platform'))
);
--> statement-breakpoint
CREATE TABLE "docno_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "docno_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"name" text NOT NULL,
	"pattern" text NOT NULL,
	"start_year" integer NOT NULL,
	"start_seq" integer DEFAULT 1 NOT NULL,
	"allow_duplicates" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docno_years" (
	"series_id" integer NOT NULL,
	"year" integer NOT NULL,
	"highest" integer NOT NULL,
	"registered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "docno_years_series_id_year_pk" PRIMARY KEY("series_id","year")
);
--> statement-breakpoint
CREATE TABLE "light_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "light_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer,
	"yellow_percent" smallint DEFAULT 20 NOT NULL,
	"yellow_min_days" smallint DEFAULT 1 NOT NULL,
	"escalate_after_days" smallint DEFAULT 2 NOT NULL,
	"handover_days" smallint DEFAULT 1 NOT NULL,
	"sign_days" smallint DEFAULT 1 NOT NULL,
	"step_days" smallint DEFAULT 5 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "light_rules_ck" CHECK ("light_rules"."yellow_percent" between 0 and 100 and "light_rules"."yellow_min_days" >= 0 and "light_rules"."escalate_after_days" >= 0 and "light_rules"."handover_days" >= 0 and "light_rules"."sign_days" >= 0 and "light_rules"."step_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "open_light_counts" (
	"department_id" integer NOT NULL,
	"site_id" integer NOT NULL,
	"green" integer NOT NULL,
	"yellow" integer NOT NULL,
	"red" integer NOT NULL,
	"paused" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "open_light_counts_department_id_site_id_pk" PRIMARY KEY("department_id","site_id")
);
--> statement-breakpoint
CREATE TABLE "stats_rollup_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"final_through" date,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supervision_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"dedupe_key" text,
	"title" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"department_id" integer,
	"site_id" integer,
	"case_id" bigint,
	"series_id" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"conclusion" text,
	"finding" text DEFAULT '' NOT NULL,
	"closed_by" integer,
	"closed_at" timestamp with time zone,
	CONSTRAINT "supervision_alerts_status_ck" CHECK ("supervision_alerts"."status" in ('open', 'investigating', 'closed')),
	CONSTRAINT "supervision_alerts_severity_ck" CHECK ("supervision_alerts"."severity" in ('info', 'warning', 'serious')),
	CONSTRAINT "supervision_alerts_conclusion_ck" CHECK ("supervision_alerts"."conclusion" is null or "supervision_alerts"."conclusion" in ('explained', 'violation', 'false_alarm', 'resolved'))
);
--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_visit_id_case_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."case_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_clerk_id_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_invitations" ADD CONSTRAINT "rating_invitations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_invitation_id_rating_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."rating_invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_events" ADD CONSTRAINT "rectification_events_rectification_id_rectifications_id_fk" FOREIGN KEY ("rectification_id") REFERENCES "public"."rectifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_clerk_id_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_supervision_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."supervision_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_gaps" ADD CONSTRAINT "docno_gaps_series_id_docno_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."docno_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_gaps" ADD CONSTRAINT "docno_gaps_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_numbers" ADD CONSTRAINT "docno_numbers_series_id_docno_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."docno_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_numbers" ADD CONSTRAINT "docno_numbers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_numbers" ADD CONSTRAINT "docno_numbers_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_series" ADD CONSTRAINT "docno_series_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_series" ADD CONSTRAINT "docno_series_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_years" ADD CONSTRAINT "docno_years_series_id_docno_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."docno_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_rules" ADD CONSTRAINT "light_rules_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_rules" ADD CONSTRAINT "light_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_series_id_docno_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."docno_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_invitations_token_uq" ON "rating_invitations" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_invitations_visit_uq" ON "rating_invitations" USING btree ("visit_id","stage") WHERE "rating_invitations"."visit_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_invitations_case_uq" ON "rating_invitations" USING btree ("case_id","stage") WHERE "rating_invitations"."case_id" is not null;--> statement-breakpoint
CREATE INDEX "rating_invitations_window_idx" ON "rating_invitations" USING btree ("window_id","id") WHERE "rating_invitations"."rated_at" is null;--> statement-breakpoint
CREATE INDEX "rating_invitations_pending_idx" ON "rating_invitations" USING btree ("created_at") WHERE "rating_invitations"."rated_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_invitation_uq" ON "ratings" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "ratings_rated_on_idx" ON "ratings" USING btree ("rated_on");--> statement-breakpoint
CREATE INDEX "rectification_events_idx" ON "rectification_events" USING btree ("rectification_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rectifications_rating_uq" ON "rectifications" USING btree ("rating_id");--> statement-breakpoint
CREATE INDEX "rectifications_status_idx" ON "rectifications" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "alert_events_alert_idx" ON "alert_events" USING btree ("alert_id","id");--> statement-breakpoint
CREATE INDEX "case_stats_daily_day_idx" ON "case_stats_daily" USING btree ("day","dim");--> statement-breakpoint
CREATE INDEX "case_stats_monthly_month_idx" ON "case_stats_monthly" USING btree ("month","dim");--> statement-breakpoint
CREATE UNIQUE INDEX "docno_gaps_seq_uq" ON "docno_gaps" USING btree ("series_id","year","seq");--> statement-breakpoint
CREATE INDEX "docno_gaps_alert_idx" ON "docno_gaps" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "docno_numbers_seq_uq" ON "docno_numbers" USING btree ("series_id","year","seq") WHERE not "docno_numbers"."duplicate";--> statement-breakpoint
CREATE INDEX "docno_numbers_case_idx" ON "docno_numbers" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "docno_series_pattern_uq" ON "docno_series" USING btree ("pattern");--> statement-breakpoint
CREATE INDEX "docno_series_department_idx" ON "docno_series" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "light_rules_item_uq" ON "light_rules" USING btree (coalesce("item_id", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_alerts_dedupe_uq" ON "supervision_alerts" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "supervision_alerts_status_idx" ON "supervision_alerts" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "supervision_alerts_department_idx" ON "supervision_alerts" USING btree ("department_id","id");--> statement-breakpoint
CREATE INDEX "supervision_alerts_case_idx" ON "supervision_alerts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("promised_due","id") WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');--> statement-breakpoint
CREATE INDEX "cases_site_open_due_idx" ON "cases" USING btree ("site_id","promised_due","id") WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');--> statement-breakpoint
CREATE INDEX "cases_decided_idx" ON "cases" USING btree ("decided_on") WHERE "cases"."decided_on" is not null;