/**
 * `npm run email:dev [-- --dir emails --port 3001]`: React Email's preview server, made to
 * catch a designer's mistakes and keep drafts on this machine.
 * - Writes one preview per template × variant × locale into <dir>/previews/<locale>/ (ignored by
 *   git), each checking its data against the template's schema (emails/_catalog/preview.tsx).
 * - Compiles every file of <dir> as it changes: a syntax error is printed with its file, line
 *   and column, and every preview shows it until it is fixed, never a stale email.
 * - Starts `email dev` with emails/_catalog/dev-guard.mjs preloaded (loopback only, no outside
 *   calls unless EMAIL_DEV_ALLOW_NETWORK=1).
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { transform } from 'esbuild';
import { defaultLocale, locales } from './locales.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
};
const dir = resolve(option('dir', 'emails'));
const port = option('port', '3001');
const previewsDir = join(dir, 'previews');
const guard = join(import.meta.dirname, 'dev-guard.mjs');

const previewFile = (locale: string, template: string, variant: string) =>
  join(previewsDir, locale, `${template}-${variant}.tsx`);

/**
 * The template × variant pairs, from the catalog; if a template does not even load (a syntax
 * error at start), from the previews written last time, so each can show the error.
 */
async function listVariants(): Promise<{ template: string; variant: string }[]> {
  try {
    return (await import('./index.ts')).variants;
  } catch (err) {
    console.error(`email:dev: the catalog does not load: ${(err as Error).message}`);
    const last = await readdir(join(previewsDir, defaultLocale)).catch(() => [] as string[]);
    const names = (await import('../_domain/activation.ts')).templateNames;
    return last.flatMap((f) => {
      const template = names.find((n) => f.startsWith(`${n}-`));
      return template ? [{ template, variant: f.slice(template.length + 1, -'.tsx'.length) }] : [];
    });
  }
}
const variants = await listVariants();

const HEADER = '// Written by `npm run email:dev` (emails/_catalog/dev.ts): edit the template, not this file.\n';

async function writePreviews(syntaxErrors: string[]): Promise<void> {
  for (const locale of locales) {
    await mkdir(join(previewsDir, locale), { recursive: true });
    for (const { template, variant } of variants) {
      const source = syntaxErrors.length
        ? `${HEADER}import { ProblemPage } from '../../_catalog/problem-page.tsx';

export default function Preview() {
  return <ProblemPage title="Syntax error" where="Fix it and this preview comes back." problems={${JSON.stringify(syntaxErrors)}} />;
}
`
        : `${HEADER}import { CheckedPreview } from '../../_catalog/preview.tsx';
import { previews } from '../../${template}.tsx';

const Preview = (data: Record<string, unknown>) => (
  <CheckedPreview template="${template}" variant="${variant}" locale="${locale}" data={data} />
);
Preview.PreviewProps = previews['${variant}'];

export default Preview;
`;
      const file = previewFile(locale, template, variant);
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== source) await writeFile(file, source);
    }
  }
}

const isSource = (file: string) =>
  /\.(tsx?|mjs)$/.test(file) && !file.includes('previews/') && !file.includes('.react-email');

/** esbuild's parse of one file: "emails/activation.tsx:12:5: Expected ")" but found "<"" per error. */
async function syntaxErrorsOf(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8').catch(() => undefined);
  if (source === undefined) return [];
  try {
    await transform(source, { loader: file.endsWith('.tsx') ? 'tsx' : file.endsWith('.mjs') ? 'js' : 'ts' });
    return [];
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors ?? [];
    const where = relative(process.cwd(), file);
    return errors.map((e) => `${where}:${e.location?.line ?? 0}:${(e.location?.column ?? 0) + 1}: ${e.text}`);
  }
}

const broken = new Map<string, string[]>();
const allErrors = () => [...broken.values()].flat();

async function recheck(file: string): Promise<void> {
  const before = allErrors().length;
  const errors = await syntaxErrorsOf(file);
  if (errors.length) broken.set(file, errors);
  else broken.delete(file);
  for (const e of errors) console.error(`email:dev: syntax error ${e}`);
  if (errors.length || before) await writePreviews(allErrors());
  if (!errors.length && before && !allErrors().length) console.error('email:dev: syntax errors fixed');
}

const files = (await readdir(dir, { recursive: true })).map((f) => join(dir, f)).filter(isSource);
for (const file of files) {
  const errors = await syntaxErrorsOf(file);
  if (errors.length) broken.set(file, errors);
}
for (const e of allErrors()) console.error(`email:dev: syntax error ${e}`);
await rm(previewsDir, { recursive: true, force: true });
await writePreviews(allErrors());

const pending = new Map<string, NodeJS.Timeout>();
watch(dir, { recursive: true }, (_event, name) => {
  if (!name) return;
  const file = join(dir, name);
  if (!isSource(file)) return;
  clearTimeout(pending.get(file));
  pending.set(
    file,
    setTimeout(() => {
      pending.delete(file);
      void recheck(file);
    }, 50),
  );
});

const server = spawn('email', ['dev', '--dir', dir, '--port', port], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${guard}`.trim() },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
