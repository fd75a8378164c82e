CREATE TABLE "case_material_files" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_material_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"material_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"source" text NOT NULL,
	"added_by" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_material_files_source_ck" CHECK ("case_material_files"."source" in ('window', 'online'))
);
--> statement-breakpoint
ALTER TABLE "case_material_files" ADD CONSTRAINT "case_material_files_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_material_files" ADD CONSTRAINT "case_material_files_material_id_catalog_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."catalog_materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_material_files" ADD CONSTRAINT "case_material_files_sha256_stored_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_material_files" ADD CONSTRAINT "case_material_files_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_material_files_case_idx" ON "case_material_files" USING btree ("case_id","material_id");