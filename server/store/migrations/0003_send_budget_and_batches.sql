CREATE TABLE "send_budget" (
	"provider" text PRIMARY KEY NOT NULL,
	"next_at" double precision DEFAULT 0 NOT NULL,
	"paused_until" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "batch_key" text;--> statement-breakpoint
CREATE INDEX "emails_batch_key_idx" ON "emails" USING btree ("batch_key") WHERE "emails"."batch_key" is not null;