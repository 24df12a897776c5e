import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config.ts';

/**
 * The image recipe can't be built here (no registry), so this holds it to what CI proves instead:
 * every step of the Dockerfile is server/ship/production.sh (run by .ci/run's production check),
 * and compose.yaml gives each instance a configuration the server accepts.
 */

const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** The instructions of each stage, continuation lines joined, comments dropped. */
const stages = dockerfile
  .replace(/\\\n\s*/g, '')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .reduce<string[][]>((all, line) => {
    if (line.startsWith('FROM ')) all.push([]);
    all.at(-1)?.push(line);
    return all;
  }, []);
const runtime = stages.at(-1) ?? [];
/** An exec-form instruction's arguments (JSON array), or undefined for the shell form. */
const execForm = (instruction: string) => {
  const line = runtime.find((l) => l.startsWith(`${instruction} `));
  const json = line?.slice(instruction.length + 1).replace(/^--\S+\s+/g, '');
  return json?.startsWith('[') ? (JSON.parse(json) as string[]) : undefined;
};

describe('the Dockerfile', () => {
  it('builds and installs with the script CI runs, and runs what that script serves', () => {
    expect(stages).toHaveLength(2);
    const build = stages[0]?.join('\n') ?? '';
    expect(build).toMatch(/^FROM node:24\S* AS build$/m);
    expect(build).toMatch(
      /^RUN sh server\/ship\/production\.sh build && sh server\/ship\/production\.sh install \/app$/m,
    );
    expect(runtime[0]).toMatch(/^FROM node:24\S*-slim$/);
    expect(runtime).toContain('COPY --from=build /app /app');
    expect(execForm('CMD')).toEqual(['sh', 'server/ship/production.sh', 'serve']);
  });

  it('runs as a non-root user under an init process, in production mode, with a health check on /readyz', () => {
    expect(runtime.find((line) => line.startsWith('USER '))).toMatch(/^USER (?!root\b|0\b)\S+$/);
    expect(execForm('ENTRYPOINT')).toEqual(['/usr/bin/tini', '--']);
    expect(runtime.find((line) => line.startsWith('ENV '))).toMatch(/\bNODE_ENV=production\b/);
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK ')) ?? '';
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/readyz');
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: string; image?: string; environment?: Record<string, string> }>;
  };
  const instances = Object.entries(compose.services).filter(([, service]) => service.build === '.');

  it('runs PostgreSQL and two instances of this image sharing it', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    expect(instances).toHaveLength(2);
    const urls = instances.map(([, service]) => service.environment?.DATABASE_URL);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
  });

  it("gives each instance a configuration the server accepts, with the image's environment", () => {
    const imageEnv = Object.fromEntries(
      [...(runtime.find((line) => line.startsWith('ENV ')) ?? '').matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    );
    // What compose.yaml's header asks for in .env: the values its ${…} take, and the rest as is.
    const dotEnv: Record<string, string> = {
      POSTGRES_PASSWORD: 'secret',
      API_KEYS: `crm:send+activations:${'k'.repeat(32)}`,
      CONSOLE_SESSION_SECRET: 's'.repeat(32),
      MAIL_TRANSPORT: 'mailbox',
    };
    for (const [, service] of instances) {
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([name, value]) => [
          name,
          value.replace(/\$\{(\w+)[^}]*\}/g, (_, variable: string) => {
            expect(dotEnv, `compose.yaml's header names ${variable}`).toHaveProperty(variable);
            return dotEnv[variable] ?? '';
          }),
        ]),
      );
      const { POSTGRES_PASSWORD: _, ...fileEnv } = dotEnv;
      const config = loadConfig({ ...imageEnv, ...fileEnv, ...environment });
      expect(config.host).toBe('0.0.0.0');
      expect(config.databaseUrl).toBe('postgres://activation_mail:secret@postgres:5432/activation_mail');
      expect(config.console.sessionSecret).toBe('s'.repeat(32));
    }
  });
});
