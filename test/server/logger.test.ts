import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';

it("writes each line with its own fields only, never an earlier line's", () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ destination });
  logger.info({ path: '/v1/emails/x', status: 404 }, 'request');
  logger.info({ signal: 'SIGTERM' }, 'shutting down');
  logger.info('stopped');
  expect(lines[1]).not.toHaveProperty('path');
  expect(lines[1]).toMatchObject({ signal: 'SIGTERM', msg: 'shutting down' });
  expect(lines[2]).not.toHaveProperty('signal');
  expect(lines[2]).not.toHaveProperty('status');
});
