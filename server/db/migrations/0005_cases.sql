CREATE TABLE "working_days" (
	"day" date PRIMARY KEY NOT NULL,
	"ordinal" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"node_code" smallint,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"site_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"public" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_handover_items" (
	"handover_id" bigint NOT NULL,
	"case_id" bigint NOT NULL,
	"material_count" integer NOT NULL,
	"received_count" integer
);
--> statement-breakpoint
CREATE TABLE "case_handovers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch_no" text NOT NULL,
	"client_key" text NOT NULL,
	"site_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"case_count" integer NOT NULL,
	"material_count" integer NOT NULL,
	"received_count" integer,
	"sent_by" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_by" integer,
	"signed_at" timestamp with time zone,
	"discrepancy" text DEFAULT '' NOT NULL,
	CONSTRAINT "case_handovers_status_ck" CHECK ("case_handovers"."status" in ('sent', 'signed'))
);
--> statement-breakpoint
CREATE TABLE "case_inspections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_inspections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"inspector_id" integer NOT NULL,
	"assigned_by" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"result" text,
	"passed" boolean,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_materials" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_materials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"material_id" integer NOT NULL,
	"status" text NOT NULL,
	"form" text,
	"copies" integer DEFAULT 0 NOT NULL,
	"due_date" date,
	"shared_case_id" bigint,
	CONSTRAINT "case_materials_status_ck" CHECK ("case_materials"."status" in ('received', 'commitment', 'missing', 'absent', 'not_applicable', 'shared'))
);
--> statement-breakpoint
CREATE TABLE "case_notices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"notice_no" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" text NOT NULL,
	"defects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reasons" text DEFAULT '' NOT NULL,
	"redirect" text DEFAULT '' NOT NULL,
	CONSTRAINT "case_notices_kind_ck" CHECK ("case_notices"."kind" in ('receipt', 'correction', 'refusal'))
);
--> statement-breakpoint
CREATE TABLE "case_special_procedures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_special_procedures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"expected_days" integer NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"paused_days" integer,
	"result" text,
	"started_by" integer NOT NULL,
	"ended_by" integer,
	CONSTRAINT "case_special_kind_ck" CHECK ("case_special_procedures"."kind" in ('hearing', 'testing', 'appraisal', 'expert_review', 'tendering', 'other'))
);
--> statement-breakpoint
CREATE TABLE "case_visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"client_key" text NOT NULL,
	"site_id" integer NOT NULL,
	"window_id" integer,
	"clerk_id" integer,
	"bundle_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_no" text NOT NULL,
	"visit_id" bigint NOT NULL,
	"sub_item_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"site_id" integer NOT NULL,
	"checklist_version_id" integer NOT NULL,
	"channel" text NOT NULL,
	"applicant_type" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_no" text NOT NULL,
	"applicant_phone" text NOT NULL,
	"agent_name" text,
	"agent_id_no" text,
	"agent_phone" text,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"step" smallint DEFAULT 1 NOT NULL,
	"approval_steps" smallint NOT NULL,
	"case_type" text NOT NULL,
	"promised_limit" integer NOT NULL,
	"promised_unit" text NOT NULL,
	"statutory_limit" integer NOT NULL,
	"statutory_unit" text NOT NULL,
	"with_missing" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_on" date NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_on" date,
	"promised_due" date,
	"statutory_due" date,
	"yellow_from" date,
	"paused_on" date,
	"paused_days" integer DEFAULT 0 NOT NULL,
	"extension_status" text,
	"extension_reason" text,
	"extension_requested_by" integer,
	"extension_decided_by" integer,
	"handover_id" bigint,
	"decision" text,
	"decision_reason" text DEFAULT '' NOT NULL,
	"document_no" text,
	"decided_at" timestamp with time zone,
	"decided_on" date,
	"result_registered_at" timestamp with time zone,
	"delivery_method" text,
	"tracking_no" text,
	"closed_at" timestamp with time zone,
	"closed_on" date,
	"returned_lines" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_status_ck" CHECK ("cases"."status" in ('correction', 'refused', 'accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned', 'approved', 'denied', 'ready', 'closed', 'withdrawn')),
	CONSTRAINT "cases_channel_ck" CHECK ("cases"."channel" in ('window', 'online', 'mail')),
	CONSTRAINT "cases_applicant_type_ck" CHECK ("cases"."applicant_type" in ('person', 'entity')),
	CONSTRAINT "cases_step_ck" CHECK ("cases"."step" between 1 and "cases"."approval_steps" and "cases"."approval_steps" between 1 and 3),
	CONSTRAINT "cases_decision_ck" CHECK ("cases"."decision" is null or "cases"."decision" in ('approved', 'denied')),
	CONSTRAINT "cases_extension_ck" CHECK ("cases"."extension_status" is null or "cases"."extension_status" in ('requested', 'approved', 'rejected')),
	CONSTRAINT "cases_delivery_ck" CHECK ("cases"."delivery_method" is null or "cases"."delivery_method" in ('collected', 'mailed'))
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handover_items" ADD CONSTRAINT "case_handover_items_handover_id_case_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."case_handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handover_items" ADD CONSTRAINT "case_handover_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handovers" ADD CONSTRAINT "case_handovers_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handovers" ADD CONSTRAINT "case_handovers_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handovers" ADD CONSTRAINT "case_handovers_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_handovers" ADD CONSTRAINT "case_handovers_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_inspections" ADD CONSTRAINT "case_inspections_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_inspections" ADD CONSTRAINT "case_inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_inspections" ADD CONSTRAINT "case_inspections_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_materials" ADD CONSTRAINT "case_materials_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_materials" ADD CONSTRAINT "case_materials_material_id_catalog_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."catalog_materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notices" ADD CONSTRAINT "case_notices_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_special_procedures" ADD CONSTRAINT "case_special_procedures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_special_procedures" ADD CONSTRAINT "case_special_procedures_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_special_procedures" ADD CONSTRAINT "case_special_procedures_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_clerk_id_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_bundle_id_catalog_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."catalog_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_visit_id_case_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."case_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_sub_item_id_catalog_sub_items_id_fk" FOREIGN KEY ("sub_item_id") REFERENCES "public"."catalog_sub_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_checklist_version_id_checklist_versions_id_fk" FOREIGN KEY ("checklist_version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_extension_requested_by_users_id_fk" FOREIGN KEY ("extension_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_extension_decided_by_users_id_fk" FOREIGN KEY ("extension_decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_handover_items_pk" ON "case_handover_items" USING btree ("handover_id","case_id");--> statement-breakpoint
CREATE INDEX "case_handover_items_case_idx" ON "case_handover_items" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_handovers_batch_no_uq" ON "case_handovers" USING btree ("batch_no");--> statement-breakpoint
CREATE UNIQUE INDEX "case_handovers_client_key_uq" ON "case_handovers" USING btree ("client_key");--> statement-breakpoint
CREATE INDEX "case_handovers_department_idx" ON "case_handovers" USING btree ("department_id","status","id");--> statement-breakpoint
CREATE INDEX "case_handovers_site_idx" ON "case_handovers" USING btree ("site_id","status","id");--> statement-breakpoint
CREATE INDEX "case_inspections_case_idx" ON "case_inspections" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_inspections_open_idx" ON "case_inspections" USING btree ("inspector_id") WHERE "case_inspections"."done_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_materials_line_uq" ON "case_materials" USING btree ("case_id","line_no");--> statement-breakpoint
CREATE INDEX "case_notices_case_idx" ON "case_notices" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_notices_no_uq" ON "case_notices" USING btree ("notice_no");--> statement-breakpoint
CREATE INDEX "case_special_case_idx" ON "case_special_procedures" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_visits_client_key_uq" ON "case_visits" USING btree ("client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_case_no_uq" ON "cases" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "cases_visit_idx" ON "cases" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "cases_applicant_idx" ON "cases" USING btree ("applicant_id_no");--> statement-breakpoint
CREATE INDEX "cases_department_received_idx" ON "cases" USING btree ("department_id","received_on","id");--> statement-breakpoint
CREATE INDEX "cases_site_received_idx" ON "cases" USING btree ("site_id","received_on","id");--> statement-breakpoint
CREATE INDEX "cases_department_open_idx" ON "cases" USING btree ("department_id","promised_due","id") WHERE "cases"."status" in ('handed_over', 'in_review', 'inspecting', 'suspended');--> statement-breakpoint
CREATE INDEX "cases_site_desk_idx" ON "cases" USING btree ("site_id","status","id") WHERE "cases"."status" in ('correction', 'accepted', 'returned', 'approved', 'denied', 'ready');