CREATE TABLE "catalog_bundle_items" (
	"bundle_id" integer NOT NULL,
	"sub_item_id" integer NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_bundles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_bundles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"life_event" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'bundle' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_bundles_kind_ck" CHECK ("catalog_bundles"."kind" in ('bundle', 'chain'))
);
--> statement-breakpoint
CREATE TABLE "catalog_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"owner_type" text NOT NULL,
	"owner_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_files_kind_ck" CHECK ("catalog_files"."kind" in ('form_template', 'filled_sample', 'material_sample'))
);
--> statement-breakpoint
CREATE TABLE "catalog_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"base_code" text NOT NULL,
	"impl_code" text NOT NULL,
	"name" text NOT NULL,
	"department_id" integer NOT NULL,
	"subject_type" text NOT NULL,
	"category" text NOT NULL,
	"item_type" text NOT NULL,
	"level" smallint NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"statutory_limit" integer NOT NULL,
	"statutory_unit" text DEFAULT 'working' NOT NULL,
	"promised_limit" integer NOT NULL,
	"promised_unit" text DEFAULT 'working' NOT NULL,
	"case_type" text NOT NULL,
	"fees" text DEFAULT '不收费' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"hours" text DEFAULT '' NOT NULL,
	"phones" text DEFAULT '' NOT NULL,
	"inspection_needed" boolean DEFAULT false NOT NULL,
	"approval_steps" smallint DEFAULT 3 NOT NULL,
	"batch" smallint DEFAULT 1 NOT NULL,
	"enabled_site_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"tongban_scope" text DEFAULT 'none' NOT NULL,
	"flow_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"life_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_items_subject_ck" CHECK ("catalog_items"."subject_type" in ('citizen', 'legal_person', 'both')),
	CONSTRAINT "catalog_items_category_ck" CHECK ("catalog_items"."category" in ('engineering', 'business', 'citizen')),
	CONSTRAINT "catalog_items_level_ck" CHECK ("catalog_items"."level" between 1 and 6),
	CONSTRAINT "catalog_items_batch_ck" CHECK ("catalog_items"."batch" between 1 and 3),
	CONSTRAINT "catalog_items_steps_ck" CHECK ("catalog_items"."approval_steps" between 1 and 3),
	CONSTRAINT "catalog_items_limits_ck" CHECK ("catalog_items"."promised_limit" >= 0 and "catalog_items"."statutory_limit" >= 0),
	CONSTRAINT "catalog_items_units_ck" CHECK ("catalog_items"."statutory_unit" in ('working', 'natural') and "catalog_items"."promised_unit" in ('working', 'natural')),
	CONSTRAINT "catalog_items_case_type_ck" CHECK ("catalog_items"."case_type" in ('instant', 'promised')),
	CONSTRAINT "catalog_items_tongban_ck" CHECK ("catalog_items"."tongban_scope" in ('none', 'district', 'city'))
);
--> statement-breakpoint
CREATE TABLE "catalog_materials" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_materials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sample_note" text DEFAULT '' NOT NULL,
	"license_type" text,
	"source" text DEFAULT 'applicant' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_sub_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_sub_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_sub_items_kind_ck" CHECK ("catalog_sub_items"."kind" in ('new', 'change', 'renew', 'cancel', 'reissue', 'other'))
);
--> statement-breakpoint
CREATE TABLE "checklist_lines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "checklist_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"version_id" integer NOT NULL,
	"line_no" integer NOT NULL,
	"material_id" integer NOT NULL,
	"form" text NOT NULL,
	"copies" integer DEFAULT 1 NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"allow_missing" boolean DEFAULT false NOT NULL,
	"allow_commitment" boolean DEFAULT false NOT NULL,
	"condition" text DEFAULT '' NOT NULL,
	"review_points" text DEFAULT '' NOT NULL,
	CONSTRAINT "checklist_lines_form_ck" CHECK ("checklist_lines"."form" in ('original', 'copy', 'original_and_copy', 'electronic')),
	CONSTRAINT "checklist_lines_copies_ck" CHECK ("checklist_lines"."copies" between 0 and 99)
);
--> statement-breakpoint
CREATE TABLE "checklist_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "checklist_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sub_item_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"based_on_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"effective_from" date,
	"published_at" timestamp with time zone,
	CONSTRAINT "checklist_versions_status_ck" CHECK ("checklist_versions"."status" in ('draft', 'submitted', 'returned', 'published')),
	CONSTRAINT "checklist_versions_published_ck" CHECK ("checklist_versions"."status" <> 'published' or ("checklist_versions"."effective_from" is not null and "checklist_versions"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "catalog_bundle_items" ADD CONSTRAINT "catalog_bundle_items_bundle_id_catalog_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."catalog_bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_bundle_items" ADD CONSTRAINT "catalog_bundle_items_sub_item_id_catalog_sub_items_id_fk" FOREIGN KEY ("sub_item_id") REFERENCES "public"."catalog_sub_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_sub_items" ADD CONSTRAINT "catalog_sub_items_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_lines" ADD CONSTRAINT "checklist_lines_version_id_checklist_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_lines" ADD CONSTRAINT "checklist_lines_material_id_catalog_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."catalog_materials"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_sub_item_id_catalog_sub_items_id_fk" FOREIGN KEY ("sub_item_id") REFERENCES "public"."catalog_sub_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_bundle_items_pk" ON "catalog_bundle_items" USING btree ("bundle_id","sub_item_id");--> statement-breakpoint
CREATE INDEX "catalog_bundle_items_sub_idx" ON "catalog_bundle_items" USING btree ("sub_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_bundles_code_uq" ON "catalog_bundles" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_files_owner_idx" ON "catalog_files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_items_impl_code_uq" ON "catalog_items" USING btree ("impl_code");--> statement-breakpoint
CREATE INDEX "catalog_items_department_idx" ON "catalog_items" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_materials_code_uq" ON "catalog_materials" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_materials_name_uq" ON "catalog_materials" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_sub_items_code_uq" ON "catalog_sub_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_sub_items_item_idx" ON "catalog_sub_items" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_lines_no_uq" ON "checklist_lines" USING btree ("version_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_lines_material_uq" ON "checklist_lines" USING btree ("version_id","material_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_versions_no_uq" ON "checklist_versions" USING btree ("sub_item_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_versions_open_uq" ON "checklist_versions" USING btree ("sub_item_id") WHERE "checklist_versions"."status" in ('draft', 'submitted', 'returned');--> statement-breakpoint
CREATE INDEX "checklist_versions_published_idx" ON "checklist_versions" USING btree ("sub_item_id","effective_from") WHERE "checklist_versions"."status" = 'published';