ALTER TABLE "emails" ADD COLUMN "trace_context" jsonb;--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD COLUMN "trace_context" jsonb;