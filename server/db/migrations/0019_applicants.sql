CREATE TABLE "applicant_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applicant_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone" text NOT NULL,
	"purpose" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"ip" text,
	CONSTRAINT "applicant_codes_purpose_ck" CHECK ("applicant_codes"."purpose" in ('login', 'sign'))
);
--> statement-breakpoint
CREATE TABLE "applicant_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"applicant_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "applicants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applicants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"phone" text NOT NULL,
	"real_name" text,
	"id_number" text,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"oidc_issuer" text,
	"oidc_subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "applicants_verified_ck" CHECK (("applicants"."verified_at" is null) = ("applicants"."verified_by" is null) and ("applicants"."verified_at" is null or ("applicants"."real_name" is not null and "applicants"."id_number" is not null))),
	CONSTRAINT "applicants_verified_by_ck" CHECK ("applicants"."verified_by" in ('self', 'oidc'))
);
--> statement-breakpoint
CREATE TABLE "entity_members" (
	"entity_id" integer NOT NULL,
	"applicant_id" integer NOT NULL,
	"role" text NOT NULL,
	"granted_by" integer NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "entity_members_entity_id_applicant_id_pk" PRIMARY KEY("entity_id","applicant_id"),
	CONSTRAINT "entity_members_role_ck" CHECK ("entity_members"."role" in ('legal_rep', 'agent'))
);
--> statement-breakpoint
CREATE TABLE "legal_entities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_entities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"legal_rep_name" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applicant_sessions" ADD CONSTRAINT "applicant_sessions_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_members" ADD CONSTRAINT "entity_members_entity_id_legal_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_members" ADD CONSTRAINT "entity_members_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_members" ADD CONSTRAINT "entity_members_granted_by_applicants_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."applicants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_entities" ADD CONSTRAINT "legal_entities_created_by_applicants_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."applicants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applicant_codes_phone_idx" ON "applicant_codes" USING btree ("phone","purpose","created_at");--> statement-breakpoint
CREATE INDEX "applicant_sessions_applicant_idx" ON "applicant_sessions" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "applicant_sessions_expires_idx" ON "applicant_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_phone_uq" ON "applicants" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_id_number_uq" ON "applicants" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_oidc_uq" ON "applicants" USING btree ("oidc_issuer","oidc_subject");--> statement-breakpoint
CREATE INDEX "entity_members_applicant_idx" ON "entity_members" USING btree ("applicant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_entities_uscc_uq" ON "legal_entities" USING btree ("uscc");