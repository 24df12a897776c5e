-- Email bodies are kept out of line but not compressed. Compressing them on insert and
-- decompressing them on every claim was a fifth of the work of accepting and sending an email
-- on PGlite (which has no lz4): about 500 accepted emails/s became 600, for about three times
-- the disk per body (some 10 KB per email instead of 3 KB). Existing rows keep their form until rewritten.
ALTER TABLE "emails" ALTER COLUMN "html" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "text" SET STORAGE EXTERNAL;
