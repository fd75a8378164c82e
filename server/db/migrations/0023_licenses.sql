CREATE TABLE "license_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "license_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"lineage_id" bigint NOT NULL,
	"license_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"actor_name" text NOT NULL,
	"case_id" bigint,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_type_sub_items" (
	"sub_item_id" integer PRIMARY KEY NOT NULL,
	"type_id" integer NOT NULL,
	"action" text NOT NULL,
	CONSTRAINT "license_type_sub_items_action_ck" CHECK ("license_type_sub_items"."action" in ('issue', 'change', 'renew', 'reissue', 'cancel'))
);
--> statement-breakpoint
CREATE TABLE "license_types" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "license_types_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"department_id" integer,
	"issuer_name" text DEFAULT '' NOT NULL,
	"holder_kind" text NOT NULL,
	"validity_years" integer,
	"number_source" text DEFAULT 'document_no' NOT NULL,
	"number_prefix" text DEFAULT '' NOT NULL,
	"fields" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "license_types_holder_ck" CHECK ("license_types"."holder_kind" in ('person', 'entity', 'both')),
	CONSTRAINT "license_types_number_ck" CHECK ("license_types"."number_source" in ('document_no', 'series'))
);
--> statement-breakpoint
CREATE TABLE "license_uses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "license_uses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"license_id" bigint NOT NULL,
	"lineage_id" bigint NOT NULL,
	"case_id" bigint NOT NULL,
	"case_no" text NOT NULL,
	"line_no" integer NOT NULL,
	"material_name" text NOT NULL,
	"channel" text NOT NULL,
	"used_by" integer,
	"used_by_name" text NOT NULL,
	"site_id" integer,
	"department_id" integer,
	"used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licenses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "licenses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"lineage_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"type_id" integer NOT NULL,
	"license_no" text NOT NULL,
	"holder_kind" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_id_no" text NOT NULL,
	"holder_phone" text,
	"fields" jsonb NOT NULL,
	"issued_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"status" text NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_at" timestamp with time zone,
	"source" text NOT NULL,
	"issuer_name" text NOT NULL,
	"department_id" integer,
	"case_id" bigint,
	"case_no" text,
	"document_no" text,
	"pdf_sha256" text,
	"key_id" text,
	"signature" text,
	"verify_code" text NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "licenses_status_ck" CHECK ("licenses"."status" in ('valid', 'changed', 'revoked', 'expired')),
	CONSTRAINT "licenses_source_ck" CHECK ("licenses"."source" in ('platform', 'import', 'api')),
	CONSTRAINT "licenses_holder_kind_ck" CHECK ("licenses"."holder_kind" in ('person', 'entity')),
	CONSTRAINT "licenses_signed_ck" CHECK ("licenses"."source" <> 'platform' or ("licenses"."pdf_sha256" is not null and "licenses"."signature" is not null and "licenses"."key_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "seal_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"department_id" integer NOT NULL,
	"algorithm" text NOT NULL,
	"public_key" text NOT NULL,
	"sealed_private_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_materials" DROP CONSTRAINT "case_materials_status_ck";--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "license_id" bigint;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "license_version" integer;--> statement-breakpoint
ALTER TABLE "license_events" ADD CONSTRAINT "license_events_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_type_sub_items" ADD CONSTRAINT "license_type_sub_items_sub_item_id_catalog_sub_items_id_fk" FOREIGN KEY ("sub_item_id") REFERENCES "public"."catalog_sub_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_type_sub_items" ADD CONSTRAINT "license_type_sub_items_type_id_license_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."license_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_types" ADD CONSTRAINT "license_types_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_uses" ADD CONSTRAINT "license_uses_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_uses" ADD CONSTRAINT "license_uses_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_type_id_license_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."license_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_pdf_sha256_stored_files_sha256_fk" FOREIGN KEY ("pdf_sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_key_id_seal_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."seal_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seal_keys" ADD CONSTRAINT "seal_keys_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_events_lineage_idx" ON "license_events" USING btree ("lineage_id","id");--> statement-breakpoint
CREATE INDEX "license_type_sub_items_type_idx" ON "license_type_sub_items" USING btree ("type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "license_types_code_uq" ON "license_types" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "license_types_name_uq" ON "license_types" USING btree ("name");--> statement-breakpoint
CREATE INDEX "license_uses_lineage_idx" ON "license_uses" USING btree ("lineage_id","id");--> statement-breakpoint
CREATE INDEX "license_uses_case_idx" ON "license_uses" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_verify_code_uq" ON "licenses" USING btree ("verify_code");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_lineage_version_uq" ON "licenses" USING btree ("lineage_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_lineage_valid_uq" ON "licenses" USING btree ("lineage_id") WHERE "licenses"."status" = 'valid';--> statement-breakpoint
CREATE INDEX "licenses_holder_idx" ON "licenses" USING btree ("holder_id_no","type_id");--> statement-breakpoint
CREATE INDEX "licenses_no_idx" ON "licenses" USING btree ("license_no");--> statement-breakpoint
CREATE INDEX "licenses_type_idx" ON "licenses" USING btree ("type_id","id");--> statement-breakpoint
CREATE INDEX "licenses_valid_until_idx" ON "licenses" USING btree ("valid_until") WHERE "licenses"."status" = 'valid' and "licenses"."valid_until" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "seal_keys_active_uq" ON "seal_keys" USING btree ("department_id") WHERE "seal_keys"."retired_at" is null;--> statement-breakpoint
ALTER TABLE "case_materials" ADD CONSTRAINT "case_materials_license_ck" CHECK (("case_materials"."status" = 'license') = ("case_materials"."license_id" is not null));--> statement-breakpoint
ALTER TABLE "case_materials" ADD CONSTRAINT "case_materials_status_ck" CHECK ("case_materials"."status" in ('received', 'commitment', 'missing', 'absent', 'not_applicable', 'shared', 'license'));