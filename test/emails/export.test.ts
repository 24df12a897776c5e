import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { locales, variants } from '../../emails/_catalog/index.ts';

/** `npm run email:export`: every template × variant × locale, or nothing and the failure named. */
const root = join(import.meta.dirname, '../..');
const work = join(root, '.xdg/export-test');
const run = promisify(execFile);
const tsx = join(root, 'node_modules/.bin/tsx');

afterAll(() => rm(work, { recursive: true, force: true }));

test('writes every template, variant and locale', async () => {
  const out = join(work, 'ok');
  await run(tsx, [join(root, 'emails/_catalog/export.ts'), out], { cwd: root });
  for (const locale of locales) {
    const written = (await readdir(join(out, locale), { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(written.sort()).toEqual(variants.map((v) => `${v.template}/${v.variant}.html`).sort());
  }
  expect(await readFile(join(out, 'ja-JP/trial-ending/default.txt'), 'utf8')).toMatch(/^Subject: .*2026年12月15日/);
}, 120_000);

test('names the template, variant and locale of a failure and leaves no partial output', async () => {
  // A copy of emails/ whose Spanish catalog breaks one template at render time.
  const emails = join(work, 'emails');
  await cp(join(root, 'emails'), emails, { recursive: true, filter: (s) => !/\.react-email|previews/.test(s) });
  // tsx compiles the copy with the project's settings (JSX, paths) through a tsconfig beside it.
  await writeFile(
    join(work, 'tsconfig.json'),
    JSON.stringify({ extends: join(root, 'tsconfig.json'), include: ['emails'] }),
  );
  const es = join(emails, '_messages/es-ES.ts');
  const source = await readFile(es, 'utf8');
  const broken = source.replace(
    /heading: \(\{ date \}\) => `Su versión de prueba finaliza el \$\{date\}`,/,
    'heading: () => { throw new Error("broken heading"); },',
  );
  expect(broken).not.toBe(source);
  await writeFile(es, broken);
  const out = join(work, 'broken');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'kept.txt'), 'from an earlier export');
  const failed = await run(tsx, [join(emails, '_catalog/export.ts'), out], { cwd: work }).then(
    () => undefined,
    (err: { code: number; stderr: string }) => err,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toContain('email:export: trial-ending/default/es-ES: broken heading');
  expect(failed?.stderr).toContain('nothing was written');
  expect(await readdir(out)).toEqual(['kept.txt']);
  expect((await readdir(work)).filter((f) => f.startsWith('.broken-'))).toEqual([]);
}, 120_000);
