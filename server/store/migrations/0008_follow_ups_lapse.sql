ALTER TABLE "emails" ADD COLUMN "send_before" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "emails_send_before_idx" ON "emails" USING btree ("send_before") WHERE "emails"."send_before" is not null and "emails"."status" in ('queued', 'scheduled') and "emails"."batch_key" is null;--> statement-breakpoint
-- Emails of trial customers waiting since before this migration get their deadline too
-- (server/activations/follow-ups.ts, sendBefore: the day after the trial's last day, UTC).
UPDATE "emails" SET "send_before" = (("activations"."details"->>'trialEndsOn')::date + 1)::timestamp AT TIME ZONE 'UTC'
FROM "activations"
WHERE "emails"."activation_id" = "activations"."id" AND "activations"."scenario" = 'trial-customer'
  AND "activations"."details"->>'trialEndsOn' IS NOT NULL AND "emails"."status" IN ('queued', 'scheduled')
  AND "emails"."purpose" IN ('activation', 'reminder', 'trial-ending');
