ALTER TABLE "catalog_files" ALTER COLUMN "storage_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_files" ADD COLUMN "content_sha256" text;--> statement-breakpoint
ALTER TABLE "docno_gaps" ADD COLUMN "attachment_sha256" text;--> statement-breakpoint
ALTER TABLE "catalog_files" ADD CONSTRAINT "catalog_files_content_sha256_stored_files_sha256_fk" FOREIGN KEY ("content_sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docno_gaps" ADD CONSTRAINT "docno_gaps_attachment_sha256_stored_files_sha256_fk" FOREIGN KEY ("attachment_sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_files" ADD CONSTRAINT "catalog_files_content_ck" CHECK ("catalog_files"."content_sha256" is not null or "catalog_files"."storage_key" is not null);