CREATE TABLE "online_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "online_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"no" text,
	"client_key" text NOT NULL,
	"applicant_id" integer NOT NULL,
	"entity_id" integer,
	"site_id" integer NOT NULL,
	"bundle_id" integer,
	"sub_item_ids" jsonb NOT NULL,
	"form" jsonb NOT NULL,
	"full_online" boolean NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"passed_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"visit_id" bigint,
	"case_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "online_applications_status_ck" CHECK ("online_applications"."status" in ('draft', 'submitted', 'fix_requested', 'resubmitted', 'passed', 'accepted', 'withdrawn')),
	CONSTRAINT "online_applications_no_ck" CHECK (("online_applications"."status" = 'draft') = ("online_applications"."no" is null) or "online_applications"."status" = 'withdrawn')
);
--> statement-breakpoint
CREATE TABLE "online_application_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "online_application_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"material_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"added_round" integer NOT NULL,
	"removed_round" integer,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_prereview_marks" (
	"application_id" integer NOT NULL,
	"round" integer NOT NULL,
	"material_id" integer NOT NULL,
	"verdict" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"clerk_id" integer NOT NULL,
	"clerk_name" text NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "online_prereview_marks_application_id_round_material_id_pk" PRIMARY KEY("application_id","round","material_id"),
	CONSTRAINT "online_marks_verdict_ck" CHECK ("online_prereview_marks"."verdict" in ('pass', 'fix')),
	CONSTRAINT "online_marks_note_ck" CHECK ("online_prereview_marks"."verdict" = 'pass' or length("online_prereview_marks"."note") > 0)
);
--> statement-breakpoint
CREATE TABLE "online_prereview_rounds" (
	"application_id" integer NOT NULL,
	"round" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_on" date NOT NULL,
	"due_on" date NOT NULL,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"clerk_id" integer,
	"clerk_name" text,
	CONSTRAINT "online_prereview_rounds_application_id_round_pk" PRIMARY KEY("application_id","round"),
	CONSTRAINT "online_rounds_outcome_ck" CHECK ("online_prereview_rounds"."outcome" is null or "online_prereview_rounds"."outcome" in ('fix', 'pass'))
);
--> statement-breakpoint
CREATE TABLE "online_application_slots" (
	"application_id" integer NOT NULL,
	"material_id" integer NOT NULL,
	"mode" text DEFAULT 'upload' NOT NULL,
	"due_date" date,
	"signed_name" text,
	"signed_at" timestamp with time zone,
	"changed_round" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "online_application_slots_application_id_material_id_pk" PRIMARY KEY("application_id","material_id"),
	CONSTRAINT "online_slots_mode_ck" CHECK ("online_application_slots"."mode" in ('upload', 'commitment', 'missing', 'not_applicable')),
	CONSTRAINT "online_slots_signed_ck" CHECK (("online_application_slots"."signed_at" is null) = ("online_application_slots"."signed_name" is null))
);
--> statement-breakpoint
ALTER TABLE "catalog_sub_items" ADD COLUMN "online_mode" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "application_no" text;--> statement-breakpoint
ALTER TABLE "online_applications" ADD CONSTRAINT "online_applications_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_applications" ADD CONSTRAINT "online_applications_entity_id_legal_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_application_files" ADD CONSTRAINT "online_application_files_application_id_online_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."online_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_application_files" ADD CONSTRAINT "online_application_files_sha256_stored_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_prereview_rounds" ADD CONSTRAINT "online_prereview_rounds_application_id_online_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."online_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_application_slots" ADD CONSTRAINT "online_application_slots_application_id_online_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."online_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "online_applications_no_uq" ON "online_applications" USING btree ("no");--> statement-breakpoint
CREATE UNIQUE INDEX "online_applications_client_key_uq" ON "online_applications" USING btree ("applicant_id","client_key");--> statement-breakpoint
CREATE INDEX "online_applications_applicant_idx" ON "online_applications" USING btree ("applicant_id","id");--> statement-breakpoint
CREATE INDEX "online_applications_site_status_idx" ON "online_applications" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "online_files_slot_idx" ON "online_application_files" USING btree ("application_id","material_id");--> statement-breakpoint
CREATE INDEX "online_rounds_open_idx" ON "online_prereview_rounds" USING btree ("due_on") WHERE "online_prereview_rounds"."outcome" is null;--> statement-breakpoint
ALTER TABLE "catalog_sub_items" ADD CONSTRAINT "catalog_sub_items_online_mode_ck" CHECK ("catalog_sub_items"."online_mode" in ('none', 'prereview', 'full'));