ALTER TABLE "activation_events" RENAME COLUMN "actor" TO "key_name";--> statement-breakpoint
ALTER TABLE "email_events" ADD COLUMN "key_name" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
-- Steps the console recorded before keys had names: a key's digest becomes that key's name (key- and the same 8 hex digits), the open console's user "open".
UPDATE "activation_events" SET "key_name" = CASE WHEN "key_name" ~ '^key sha256:[0-9a-f]{8} \(console\)$' THEN 'key-' || substr("key_name", 12, 8) WHEN "key_name" = 'local user (no API keys) (console)' THEN 'open' ELSE "key_name" END WHERE "key_name" IS NOT NULL;
