/**
 * `npm run email:dev [-- --dir emails --port 3001]`: React Email's preview server, made to
 * catch a designer's mistakes, show the emails as mail apps do, and keep drafts on this machine.
 * - Writes one preview per template × variant × locale into <dir>/previews/<locale>/ (ignored by
 *   git), each checking its data against the template's schema (emails/_catalog/preview.tsx), and
 *   one per template × variant into <dir>/previews/dark-mode/: the email's own dark-mode styles,
 *   as Apple Mail and Outlook for Mac and iOS show them (the workbench's moon button only
 *   inverts colours, as Gmail's apps do).
 * - Watches every source file of <dir> with chokidar, which keeps seeing a file that an editor
 *   replaces (vim, JetBrains, `sed -i`: a new file renamed over the old one; Node's recursive
 *   fs.watch loses it): a syntax error is printed with its file, line and column, and every
 *   preview shows it until it is fixed, never a stale email.
 * - Starts React Email's server (`email dev`) with emails/_catalog/dev-guard.mjs preloaded
 *   (loopback only, checks that run offline, no outside calls unless EMAIL_DEV_ALLOW_NETWORK=1),
 *   in a process group of its own, and stops the whole group when this process is stopped
 *   (SIGINT, SIGTERM, SIGHUP) or exits, so no server is left behind on the port.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { watch } from 'chokidar';
import { transform } from 'esbuild';
import { defaultLocale, locales } from './locales.ts';

const args = process.argv.slice(2);
/** The last `--name value` wins, so `npm run email:dev -- --port 3002` overrides the script's own. */
const option = (name: string, fallback: string) => {
  const at = args.lastIndexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
};
const dir = resolve(option('dir', 'emails'));
const port = option('port', '3001');
const previewsDir = join(dir, 'previews');
const guard = join(import.meta.dirname, 'dev-guard.mjs');
/** The folder of the previews that show the email's own dark-mode styles (en-US: dark mode does not depend on the language). */
const DARK_MODE_FOLDER = 'dark-mode';

const previewFile = (folder: string, template: string, variant: string) =>
  join(previewsDir, folder, `${template}-${variant}.tsx`);

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

/** Every preview file and what it holds: the email, or the syntax errors while there are any. */
function previewSources(syntaxErrors: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const folders = [
    ...locales.map((locale) => ({ folder: locale, locale, dark: false })),
    { folder: DARK_MODE_FOLDER, locale: defaultLocale, dark: true },
  ];
  for (const { folder, locale, dark } of folders) {
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
  <CheckedPreview template="${template}" variant="${variant}" locale="${locale}"${dark ? ' colorScheme="dark"' : ''} data={data} />
);
Preview.PreviewProps = previews['${variant}'];

export default Preview;
`;
      sources.set(previewFile(folder, template, variant), source);
    }
  }
  return sources;
}

async function writePreviews(syntaxErrors: string[]): Promise<void> {
  for (const [file, source] of previewSources(syntaxErrors)) {
    await mkdir(join(file, '..'), { recursive: true });
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current !== source) await writeFile(file, source);
  }
}

const isSource = (file: string) =>
  /\.(tsx?|mjs)$/.test(file) && !relative(dir, file).startsWith('previews') && !file.includes('.react-email');

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

/** Checks one file again (changed, added, replaced or removed) and rewrites the previews when the errors change. */
async function recheck(file: string): Promise<void> {
  const before = allErrors();
  const errors = await syntaxErrorsOf(file);
  if (errors.length) broken.set(file, errors);
  else broken.delete(file);
  for (const e of errors) console.error(`email:dev: syntax error ${e}`);
  const after = allErrors();
  if (after.join('\n') !== before.join('\n')) await writePreviews(after);
  if (before.length && !after.length) console.error('email:dev: syntax errors fixed');
}

const files = (await readdir(dir, { recursive: true })).map((f) => join(dir, f)).filter(isSource);
for (const file of files) {
  const errors = await syntaxErrorsOf(file);
  if (errors.length) broken.set(file, errors);
}
for (const e of allErrors()) console.error(`email:dev: syntax error ${e}`);
await rm(previewsDir, { recursive: true, force: true });
await writePreviews(allErrors());

// One check at a time, in the order the changes came, so that a quick fix after an error is
// never overtaken by the slower check of the error.
let checking = Promise.resolve();
const pending = new Map<string, NodeJS.Timeout>();
const watcher = watch(dir, {
  ignoreInitial: true,
  ignored: (path, stats) =>
    path.includes('.react-email') || path.startsWith(previewsDir) || (!!stats?.isFile() && !isSource(path)),
});
watcher.on('all', (_event, file) => {
  if (!isSource(file)) return;
  clearTimeout(pending.get(file));
  pending.set(
    file,
    setTimeout(() => {
      pending.delete(file);
      checking = checking
        .then(() => recheck(file))
        .catch((err) => console.error(`email:dev: could not check ${relative(process.cwd(), file)}: ${err.message}`));
    }, 50),
  );
});

// `email dev` runs itself again under the Node flags it needs unless it already has them: started
// with them, it is one process, and its group is ours to stop.
// The package exports no subpath: its CLI is found beside its entry point (dist/index.mjs).
const emailCli = join(dirname(createRequire(import.meta.url).resolve('react-email')), 'cli', 'index.mjs');
const server = spawn(
  process.execPath,
  ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', emailCli, 'dev', '--dir', dir, '--port', port],
  {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${guard}`.trim(),
      EMAIL_DEV_PARENT_PID: String(process.pid),
    },
  },
);

let stopping = false;
function stopServer(signal: NodeJS.Signals): void {
  if (stopping || server.pid === undefined || server.exitCode !== null) return;
  stopping = true;
  try {
    process.kill(-server.pid, signal);
  } catch {}
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopServer(signal);
    void watcher.close();
    // The server's exit ends this process (below); if it does not stop in time, it is killed.
    setTimeout(() => {
      if (server.pid !== undefined && server.exitCode === null) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {}
      }
      process.exit(1);
    }, 5000).unref();
  });
}
process.on('exit', () => stopServer('SIGTERM'));
server.on('exit', (code, signal) => {
  void watcher.close();
  process.exit(code ?? (signal ? 0 : 1));
});
