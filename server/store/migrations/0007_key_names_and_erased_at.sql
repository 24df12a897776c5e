ALTER TABLE "activation_events" ADD COLUMN "key_name" text;--> statement-breakpoint
ALTER TABLE "email_events" ADD COLUMN "key_name" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "erased_at" timestamp with time zone;