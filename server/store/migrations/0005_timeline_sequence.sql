CREATE SEQUENCE "public"."event_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "activation_events" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "activation_events" ALTER COLUMN "id" SET DEFAULT nextval('event_seq');--> statement-breakpoint
ALTER TABLE "email_events" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "email_events" ALTER COLUMN "id" SET DEFAULT nextval('event_seq');--> statement-breakpoint
-- Number the events already stored in the order timelines showed them until now (by time, an
-- activation's own steps before its emails' events, then as written), so they read as before.
UPDATE "activation_events" SET "id" = -"id";--> statement-breakpoint
UPDATE "email_events" SET "id" = -"id";--> statement-breakpoint
WITH "merged" AS (
  SELECT 0 AS "source", "id", "at" FROM "activation_events"
  UNION ALL
  SELECT 1, "id", "at" FROM "email_events"
), "numbered" AS (
  SELECT "source", "id", row_number() OVER (ORDER BY "at", "source", "id" DESC) AS "seq" FROM "merged"
), "steps" AS (
  UPDATE "activation_events" "t" SET "id" = "n"."seq" FROM "numbered" "n" WHERE "n"."source" = 0 AND "t"."id" = "n"."id"
)
UPDATE "email_events" "t" SET "id" = "n"."seq" FROM "numbered" "n" WHERE "n"."source" = 1 AND "t"."id" = "n"."id";--> statement-breakpoint
SELECT setval('event_seq', coalesce((SELECT max("id") FROM (SELECT "id" FROM "activation_events" UNION ALL SELECT "id" FROM "email_events") "all_events"), 0) + 1, false);--> statement-breakpoint
DROP SEQUENCE IF EXISTS "activation_events_id_seq";--> statement-breakpoint
DROP SEQUENCE IF EXISTS "email_events_id_seq";
