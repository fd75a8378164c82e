CREATE TABLE "stored_file_chunks" (
	"sha256" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "stored_file_chunks_sha256_seq_pk" PRIMARY KEY("sha256","seq")
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"pages" integer,
	"chunk_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_files_sha256_ck" CHECK ("stored_files"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "stored_files_size_ck" CHECK ("stored_files"."size" > 0 and "stored_files"."chunk_size" > 0)
);
--> statement-breakpoint
ALTER TABLE "stored_file_chunks" ADD CONSTRAINT "stored_file_chunks_sha256_stored_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A stored file is its content: rows never change (a file no longer referenced may be deleted whole).
CREATE OR REPLACE FUNCTION stored_files_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows never change (content-addressed)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stored_files_no_update BEFORE UPDATE ON stored_files
  FOR EACH ROW EXECUTE FUNCTION stored_files_immutable();
--> statement-breakpoint
CREATE TRIGGER stored_file_chunks_no_update BEFORE UPDATE ON stored_file_chunks
  FOR EACH ROW EXECUTE FUNCTION stored_files_immutable();
