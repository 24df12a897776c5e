CREATE TABLE "erasures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"counts" jsonb NOT NULL
);
