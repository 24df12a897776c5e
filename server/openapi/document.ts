import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { renderHere } from '../render/threads.ts';

/**
 * The OpenAPI document exactly as the server serves it at `/openapi.json` (the document is the
 * same whatever the configuration), for the linters and the client generator:
 * `tsx server/openapi/document.ts <file>` writes it.
 */
export async function servedDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({});
  const app = createApp({
    config,
    renderer: renderHere(config.brand),
    clock: () => new Date(),
    logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    metrics: createMetrics({ processMetrics: false }),
  });
  const res = await app.request('/openapi.json');
  return (await res.json()) as Record<string, unknown>;
}

if (import.meta.main) {
  const [file] = process.argv.slice(2);
  const text = `${JSON.stringify(await servedDocument(), null, 2)}\n`;
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
}
