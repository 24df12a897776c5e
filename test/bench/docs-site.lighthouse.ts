/**
 * `npm run bench:docs`: the guide's figures, in one short run.
 * - Build time of the five-language guide, and of a bare one-page Starlight site built in the
 *   same run (the floor: what Astro and Starlight cost before any page of ours); the ratio
 *   survives a loaded machine better than the seconds do.
 * - Own JavaScript per page (gzipped), from the built files each page loads.
 * - Lighthouse mobile scores (performance, accessibility, best practices, SEO) for one page per
 *   language, with Debian's Chromium, against the built site served on loopback gzipped (as a
 *   static host serves it), beside the same scores for the bare Starlight page (the floor).
 * Not part of `npm test`: Lighthouse takes a while and its scores vary with the machine's load.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { locales } from '../../docs-site/src/lib/facts.ts';
import { localizedPath } from '../../docs-site/src/lib/i18n.ts';
import { buildSite, CHROMIUM_PATH, distDir, repoRoot, sitemapPaths } from '../support/docs-site.ts';
import { serveStatic } from '../support/docs-static-server.ts';

const xdg = join(repoRoot, '.xdg');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  ASTRO_TELEMETRY_DISABLED: '1',
  XDG_CONFIG_HOME: join(xdg, 'config'),
  XDG_CACHE_HOME: join(xdg, 'cache'),
  XDG_DATA_HOME: join(xdg, 'data'),
};

function run(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(performance.now() - started) : fail(new Error(`${args.join(' ')}: exit ${code}`)),
    );
  });
}

/** A one-page Starlight site in a temporary folder, built with the repository's Astro: the floor. */
async function bareStarlightBuild(): Promise<{ ms: number; root: string }> {
  const root = mkdtempSync(join(repoRoot, '.xdg', 'bare-starlight-'));
  {
    mkdirSync(join(root, 'src', 'content', 'docs'), { recursive: true });
    writeFileSync(
      join(root, 'astro.config.mjs'),
      "import starlight from '@astrojs/starlight';\nimport { defineConfig } from 'astro/config';\nexport default defineConfig({ site: 'https://example.com', integrations: [starlight({ title: 'Bare' })] });\n",
    );
    writeFileSync(
      join(root, 'src', 'content.config.ts'),
      "import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n",
    );
    writeFileSync(join(root, 'src', 'content', 'docs', 'index.md'), '---\ntitle: Bare\n---\n\nOne page.\n');
    const ms = await run(
      [join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', root],
      repoRoot,
    );
    return { ms, root };
  }
}

/** The JavaScript a built page loads by itself: its module scripts and their static imports, and inline scripts. */
function ownJsGzip(path: string): number {
  const html = readFileSync(join(distDir, path, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? '');
  let bytes = 0;
  while (queue.length) {
    const src = queue.pop() ?? '';
    if (seen.has(src) || src.startsWith('/pagefind/')) continue;
    seen.add(src);
    const body = readFileSync(join(distDir, src));
    bytes += gzipSync(body).length;
    for (const m of body
      .toString('utf8')
      .matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+)["']/g))
      queue.push(`${src.slice(0, src.lastIndexOf('/') + 1)}${m[1]}`);
  }
  for (const m of html.matchAll(/<script(?![^>]*\ssrc=)(?![^>]*type="application)[^>]*>([\s\S]*?)<\/script>/g))
    bytes += gzipSync(m[1] ?? '').length;
  return bytes;
}

async function bench() {
  const bare = await bareStarlightBuild();
  const floorMs = bare.ms;
  const build = await buildSite();
  const pages = sitemapPaths();
  console.log(
    `build: ${pages.length} pages in ${locales.length} languages: ${(build.ms / 1000).toFixed(1)} s; bare one-page Starlight: ${(floorMs / 1000).toFixed(1)} s; ratio ${(build.ms / floorMs).toFixed(2)}`,
  );

  const js = pages.map((p) => ({ p, kB: ownJsGzip(p) / 1024 }));
  const worst = js.reduce((a, b) => (b.kB > a.kB ? b : a));
  console.log(`own JS per page (gzipped): max ${worst.kB.toFixed(1)} kB (${worst.p}), budget 10 kB`);

  const server = await serveStatic(distDir, { compress: true });
  const bareServer = await serveStatic(join(bare.root, 'dist'), { compress: true });
  const lighthouse = join(repoRoot, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const out = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const audit = async (name: string, url: string) => {
    const report = join(out, `${name.replace(/\W+/g, '_')}.json`);
    await run(
      [
        lighthouse,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        '--form-factor=mobile',
        '--only-categories=performance,accessibility,best-practices,seo',
        `--chrome-path=${CHROMIUM_PATH}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking',
      ],
      repoRoot,
    );
    const { categories, audits } = JSON.parse(readFileSync(report, 'utf8')) as {
      categories: Record<string, { score: number }>;
      audits: Record<string, { numericValue?: number }>;
    };
    const score = (id: string) => String(Math.round((categories[id]?.score ?? 0) * 100)).padStart(5);
    const ms = (id: string) => String(Math.round(audits[id]?.numericValue ?? 0)).padStart(6);
    console.log(
      `${name.padEnd(32)} ${score('performance')} ${score('accessibility')} ${score('best-practices')} ${score('seo')} ${ms('first-contentful-paint')} ${ms('largest-contentful-paint')} ${ms('total-blocking-time')}`,
    );
    return categories.performance?.score ?? 0;
  };
  try {
    console.log(`${'lighthouse mobile'.padEnd(32)}  perf  a11y  best   seo  FCPms  LCPms  TBTms`);
    // The floor: a bare Starlight page, measured in the same run on the same loaded machine.
    const floor = await audit('bare Starlight (floor)', `${bareServer.origin}/`);
    for (const locale of locales) {
      const path = localizedPath(locale, '/scenarios/trial-customer/');
      const perf = await audit(path, server.origin + path);
      console.log(`${''.padEnd(32)} performance ratio to the floor: ${(perf / floor).toFixed(2)}`);
    }
  } finally {
    await server.close();
    await bareServer.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(bare.root, { recursive: true, force: true });
  }
}

await bench();
