import { buildServerIfStale } from './server-process.ts';

/** vitest's global setup: build dist/server once, before the suites that start it run side by side. */
export default function setup(): void {
  buildServerIfStale();
}
