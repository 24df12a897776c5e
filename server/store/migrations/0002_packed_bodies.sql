-- Email bodies become bytes packed by server/store/body-codec.ts: a first byte naming the
-- format, then the body. Rows already stored keep their text as format 0 (UTF-8 as it is).
-- Packed bodies are already compressed, so the database never tries again (STORAGE EXTERNAL).
ALTER TABLE "emails" ALTER COLUMN "html" SET DATA TYPE bytea USING '\x00'::bytea || convert_to("html", 'UTF8');--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "text" SET DATA TYPE bytea USING '\x00'::bytea || convert_to("text", 'UTF8');--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "html" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "text" SET STORAGE EXTERNAL;
