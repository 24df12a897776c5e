import { defineConfig } from 'drizzle-kit';

/** `npx drizzle-kit generate`: writes the next SQL migration from server/store/schema.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/store/schema.ts',
  out: './server/store/migrations',
});
