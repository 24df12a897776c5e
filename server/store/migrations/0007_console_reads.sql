CREATE TABLE "event_attempts" (
	"id" bigint PRIMARY KEY DEFAULT nextval('event_seq') NOT NULL,
	"delivery_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
ALTER TABLE "activation_events" ADD COLUMN "actor" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD COLUMN "activation_id" uuid;--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD COLUMN "seq" bigint DEFAULT nextval('event_seq') NOT NULL;--> statement-breakpoint
ALTER TABLE "event_attempts" ADD CONSTRAINT "event_attempts_delivery_id_event_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."event_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_attempts_delivery_idx" ON "event_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."activations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activations_scenario_id_idx" ON "activations" USING btree ("scenario","id");--> statement-breakpoint
CREATE INDEX "activations_recipient_idx" ON "activations" USING btree (lower("recipient_email"),"id");--> statement-breakpoint
CREATE INDEX "activations_organization_idx" ON "activations" USING gin (to_tsvector('simple', "enrollment"->>'organizationName'));--> statement-breakpoint
CREATE INDEX "email_events_at_idx" ON "email_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "emails_to_lower_idx" ON "emails" USING gin ((lower("to"::text)::jsonb) jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "emails_locale_id_idx" ON "emails" USING btree ("locale","id");--> statement-breakpoint
CREATE INDEX "event_deliveries_activation_idx" ON "event_deliveries" USING btree ("activation_id","seq") WHERE "event_deliveries"."activation_id" is not null;--> statement-breakpoint
CREATE INDEX "event_deliveries_failed_idx" ON "event_deliveries" USING btree ("created_at") WHERE "event_deliveries"."status" = 'failed';--> statement-breakpoint
-- Events out stored before they named their activation: the activation is in their payload.
UPDATE "event_deliveries" "d" SET "activation_id" = "a"."id" FROM "activations" "a" WHERE "a"."id"::text = "d"."payload"::jsonb #>> '{data,activationId}';--> statement-breakpoint
-- An activation's emails speak the language it was created in (en-US unless it named one); other emails stay unknown.
UPDATE "emails" "e" SET "locale" = coalesce("a"."details"->>'locale', 'en-US') FROM "activations" "a" WHERE "e"."activation_id" = "a"."id";
