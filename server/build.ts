/**
 * Builds the server into `dist/server/` for `npm start`: `main.js` (the process),
 * `thread-worker.js` (the embedded store's thread, started beside it) and `render-thread.js`
 * (the thread that renders emails, server/render/threads.ts), each one ES module
 * bundling our code and its libraries, with source maps so stack traces name the TypeScript.
 * The folders read at run time (migrations, body dictionaries, the console's public/) and the API
 * reference's browser bundle (assets/) are copied beside them, where the bundled code looks for them
 * (`import.meta.dirname`), with the embedded
 * store's seed: a PGlite data directory after initdb and every migration, which a new DATA_DIR
 * starts from (initdb took 2–4 s of the first start; loading the seed takes a tenth of that).
 *
 * Run by `npm ci`/`npm install` (the `prepare` script), `npm run build`, and with
 * `--if-stale` by `npm start` and the tests, which then build only if a source changed since;
 * plain Node runs it (type stripping). Why bundle: Node 24 reads a package's package.json again for every file it
 * loads, and drizzle-orm's is 180 KB for ~70 files: importing it from node_modules took
 * ~250 ms and ~130 MB of garbage; bundled, ~30 ms and ~6 MB. One file also starts faster than
 * a few hundred, and nothing is transpiled at start.
 *
 * The source maps map our own code only. Node (`--enable-source-maps`) parses a map whole when
 * it loads the bundle, and keeps it: mapping the libraries too (93% of the segments) cost the
 * process about 70 MB. A frame inside a library names its place in the bundle instead.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
export const outdir = join(root, 'dist', 'server');
/** Written last: a build without it was interrupted. */
const stamp = join(outdir, 'built');
/** What the build is made of: our code and the locked dependency versions. */
const inputs = ['server', 'emails', 'package-lock.json'];
/** What the seed is made of (PGlite's version, the migrations, its recipe here and in open.ts): made again only when they change. */
const seedInputs = ['server/store/migrations', 'package-lock.json', 'server/build.ts', 'server/store/open.ts'];

/** The newest modification time under `path` (files and folders, so a deleted file counts too). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules' && !entry.startsWith('.')) latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Whether `stamp` is missing or older than one of `from`. */
const olderThan = (stampFile: string, from: string[]) =>
  !existsSync(stampFile) || from.some((input) => newest(join(root, input)) > statSync(stampFile).mtimeMs);

/** Whether dist/server is missing, interrupted, or older than something it is built from. */
export const isStale = () => olderThan(stamp, inputs);

export async function buildServer(): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await rm(stamp, { force: true });
  await bundle(
    {
      main: 'server/main.ts',
      'thread-worker': 'server/store/thread-worker.ts',
      'render-thread': 'server/render/render-thread.ts',
    },
    outdir,
  );
  await Promise.all([
    cp(join(root, 'server/store/migrations'), join(outdir, 'migrations'), { recursive: true }),
    cp(join(root, 'server/store/body-dictionaries'), join(outdir, 'body-dictionaries'), { recursive: true }),
    // The console's stylesheet and script (server/console/assets.ts reads them from ./public).
    cp(join(root, 'server/console/public'), join(outdir, 'public'), { recursive: true }),
    copyReferenceBundle(),
    writeSeedIfStale(),
  ]);
  await writeFile(stamp, `${new Date().toISOString()}\n`);
}

/**
 * `entryPoints` (name → source, from the repository's root) bundled into `outdir` as the server
 * is, with source maps of our own code only. Also what the send bench builds its floor with, so
 * that the floor runs as the server does (its render thread included).
 */
export async function bundle(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  // Imported here, so that checking whether a build is needed (every `npm start`) loads neither.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    // What is imported dynamically (one store's driver, prettier that React Email's render
    // loads only to pretty-print) goes to chunks of its own, read only if it is ever needed.
    splitting: true,
    // Chunks beside the entries, so that import.meta.dirname is dist/server in all of them.
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: 'linked',
    sourcesContent: false,
    // Smaller to parse; names stay, and the source maps lead back to the code as written.
    minifySyntax: true,
    minifyWhitespace: true,
    // PGlite finds its WebAssembly and data files beside its own module; pg-native is optional.
    external: ['@electric-sql/pglite', 'pg-native'],
    // The bundle is the production build: libraries keep only their production code.
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS libraries bundled into an ES module still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const maps = (await readdir(outdir, { recursive: true })).filter((file) => file.endsWith('.js.map'));
  await Promise.all(maps.map((map) => keepOwnMappings(join(outdir, map))));
}

/**
 * The API reference's browser bundle (server/routes/reference-bundle.ts) and its gzip, beside the
 * server: served from there, so @scalar/api-reference is a build-time dependency only.
 */
async function copyReferenceBundle(): Promise<void> {
  const { packagedReferenceBundle, REFERENCE_BUNDLE_FILE } = await import('./routes/reference-bundle.ts');
  const { gzipSync, constants } = await import('node:zlib');
  const assets = join(outdir, 'assets');
  await mkdir(assets, { recursive: true });
  const bundle = await readFile(packagedReferenceBundle());
  await writeFile(join(assets, REFERENCE_BUNDLE_FILE), bundle);
  await writeFile(
    join(assets, `${REFERENCE_BUNDLE_FILE}.gz`),
    gzipSync(bundle, { level: constants.Z_BEST_COMPRESSION }),
  );
}

/** initdb and the migrations, in the data directory that the compiled store starts new ones from. */
async function writeSeedIfStale(): Promise<void> {
  const { newPglite, openEmbeddedStore } = await import('./store/open.ts');
  // Where pgliteSeedDataDir (open.ts) points from the compiled store, beside dist/server so a rebuild keeps it.
  const seedDir = join(outdir, '..', 'pglite-seed');
  const seedStamp = join(seedDir, 'built');
  if (!olderThan(seedStamp, seedInputs)) return;
  await rm(seedDir, { recursive: true, force: true });
  const store = await openEmbeddedStore(seedDir);
  await store.close();
  // Without initdb's template databases, which only CREATE DATABASE reads (the store never
  // does; an operator who needs one back: CREATE DATABASE template1 TEMPLATE postgres
  // IS_TEMPLATE true). A new DATA_DIR then copies 423 files instead of 1,023: 0.2–0.4 s
  // instead of 0.5–0.6 s on this machine's disk.
  const db = await newPglite(seedDir);
  for (const name of ['template0', 'template1']) {
    await db.exec(`ALTER DATABASE ${name} WITH IS_TEMPLATE false ALLOW_CONNECTIONS false`);
    await db.exec(`DROP DATABASE ${name}`);
  }
  await db.close();
  await writeFile(seedStamp, `${new Date().toISOString()}\n`);
}

/** Drops the segments of a source map that lead into node_modules; the rest stay as they were. */
async function keepOwnMappings(file: string): Promise<void> {
  const { decode, encode } = await import('@jridgewell/sourcemap-codec');
  const map = JSON.parse(await readFile(file, 'utf8')) as { sources: string[]; mappings: string };
  const library = map.sources.map((source) => source.includes('node_modules/'));
  const lines = decode(map.mappings).map((segments) =>
    segments.filter((segment) => segment.length === 1 || !library[segment[1] as number]),
  );
  await writeFile(file, JSON.stringify({ ...map, mappings: encode(lines) }));
}

// `--if-stale` (npm start, the tests): build only when something changed since the last build.
if (import.meta.main && !(process.argv.includes('--if-stale') && !isStale())) {
  const started = performance.now();
  await buildServer();
  console.error(`built dist/server in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
