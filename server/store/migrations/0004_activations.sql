CREATE TABLE "activation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "activations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enrollment_number" text NOT NULL,
	"scenario" text NOT NULL,
	"state" text NOT NULL,
	"enrollment" jsonb NOT NULL,
	"details" jsonb NOT NULL,
	"recipient_email" text NOT NULL,
	"recipient_role" text NOT NULL,
	"choice" jsonb,
	"needs_attention" boolean DEFAULT false NOT NULL,
	"attention_since" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_owner" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "activation_id" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "activation_events" ADD CONSTRAINT "activation_events_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."activations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activation_events_activation_idx" ON "activation_events" USING btree ("activation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "activations_live_enrollment_idx" ON "activations" USING btree ("enrollment_number") WHERE "activations"."state" <> 'canceled';--> statement-breakpoint
CREATE INDEX "activations_enrollment_idx" ON "activations" USING btree ("enrollment_number","id");--> statement-breakpoint
CREATE INDEX "activations_state_id_idx" ON "activations" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "activations_attention_idx" ON "activations" USING btree ("id") WHERE "activations"."needs_attention";--> statement-breakpoint
CREATE INDEX "event_deliveries_due_idx" ON "event_deliveries" USING btree ("next_attempt_at") WHERE "event_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "event_deliveries_leased_idx" ON "event_deliveries" USING btree ("lease_until") WHERE "event_deliveries"."status" = 'delivering';--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."activations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emails_activation_idx" ON "emails" USING btree ("activation_id","id") WHERE "emails"."activation_id" is not null;