CREATE TABLE "appointment_slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointment_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"category" text NOT NULL,
	"day" date NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "appointment_slots_category_ck" CHECK ("appointment_slots"."category" in ('engineering', 'business', 'citizen')),
	CONSTRAINT "appointment_slots_capacity_ck" CHECK ("appointment_slots"."booked" >= 0 and "appointment_slots"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slot_id" integer NOT NULL,
	"client_key" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"id_no" text NOT NULL,
	"phone" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_in_at" timestamp with time zone,
	"ticket_id" bigint,
	CONSTRAINT "appointments_status_ck" CHECK ("appointments"."status" in ('booked', 'cancelled', 'checked_in', 'no_show'))
);
--> statement-breakpoint
CREATE TABLE "queue_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" bigint NOT NULL,
	"ticket_no" text NOT NULL,
	"category" text NOT NULL,
	"window_id" integer,
	"clerk_id" integer
);
--> statement-breakpoint
CREATE TABLE "queue_tickets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"day" date NOT NULL,
	"category" text NOT NULL,
	"seq" integer NOT NULL,
	"ticket_no" text NOT NULL,
	"token" text NOT NULL,
	"client_key" text NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"priority_reason" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"id_no" text,
	"sub_item_id" integer,
	"appointment_id" integer,
	"target_window_id" integer,
	"window_id" integer,
	"clerk_id" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"called_at" timestamp with time zone,
	"recalls" smallint DEFAULT 0 NOT NULL,
	"serve_started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "queue_tickets_category_ck" CHECK ("queue_tickets"."category" in ('engineering', 'business', 'citizen')),
	CONSTRAINT "queue_tickets_priority_ck" CHECK ("queue_tickets"."priority" in ('normal', 'appointment', 'green')),
	CONSTRAINT "queue_tickets_status_ck" CHECK ("queue_tickets"."status" in ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'))
);
--> statement-breakpoint
DROP INDEX "cases_case_no_uq";--> statement-breakpoint
ALTER TABLE "case_visits" ADD COLUMN "ticket_id" bigint;--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_slot_id_appointment_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."appointment_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_sub_item_id_catalog_sub_items_id_fk" FOREIGN KEY ("sub_item_id") REFERENCES "public"."catalog_sub_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_target_window_id_windows_id_fk" FOREIGN KEY ("target_window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_clerk_id_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_slots_uq" ON "appointment_slots" USING btree ("site_id","category","day","start");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_client_key_uq" ON "appointments" USING btree ("client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_code_uq" ON "appointments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "appointments_id_no_idx" ON "appointments" USING btree ("id_no");--> statement-breakpoint
CREATE INDEX "appointments_slot_idx" ON "appointments" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "queue_events_site_idx" ON "queue_events" USING btree ("site_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_no_uq" ON "queue_tickets" USING btree ("site_id","day","ticket_no");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_token_uq" ON "queue_tickets" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_client_key_uq" ON "queue_tickets" USING btree ("client_key");--> statement-breakpoint
CREATE INDEX "queue_tickets_waiting_idx" ON "queue_tickets" USING btree ("site_id","day","category","queued_at") WHERE "queue_tickets"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "queue_tickets_window_idx" ON "queue_tickets" USING btree ("window_id") WHERE "queue_tickets"."status" in ('called', 'serving');--> statement-breakpoint
CREATE INDEX "queue_tickets_site_day_idx" ON "queue_tickets" USING btree ("site_id","day");--> statement-breakpoint
CREATE INDEX "case_visits_ticket_idx" ON "case_visits" USING btree ("ticket_id") WHERE "case_visits"."ticket_id" is not null;--> statement-breakpoint
CREATE INDEX "cases_received_idx" ON "cases" USING btree ("received_on","id");--> statement-breakpoint
CREATE INDEX "cases_open_received_idx" ON "cases" USING btree ("received_on","id") WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');--> statement-breakpoint
CREATE INDEX "cases_department_open_received_idx" ON "cases" USING btree ("department_id","received_on","id") WHERE "cases"."status" in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned');--> statement-breakpoint
CREATE UNIQUE INDEX "cases_case_no_uq" ON "cases" USING btree ("case_no" text_pattern_ops);