/**
 * A tiny static file server for the built docs site (docs-site/dist), bound to loopback on a
 * port the OS picks, so the browser tests know the exact address (astro preview may silently
 * move to another port). Serves index.html for directories, and for a missing page the nearest
 * 404.html up the tree with status 404 (as Cloudflare Pages does), so each language's folder
 * answers with its own page.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

export interface StaticServer {
  origin: string;
  close: () => Promise<void>;
}

async function resolveFile(root: string, pathname: string): Promise<string | undefined> {
  const safe = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = join(root, safe);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  for (const candidate of [file, join(file, 'index.html'), `${file}.html`]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

/** The 404.html of the deepest folder of `pathname` that has one; the site's own at the root. */
async function nearestNotFound(root: string, pathname: string): Promise<string> {
  const folders = pathname.split('/').filter(Boolean).slice(0, -1);
  for (let depth = folders.length; depth > 0; depth--) {
    const candidate = await resolveFile(root, `/${folders.slice(0, depth).join('/')}/404.html`);
    if (candidate) return candidate;
  }
  return join(root, '404.html');
}

/**
 * `compress`: gzip text responses for clients that accept it, as any static host does (the
 * Lighthouse bench measures the guide as it is served in production).
 */
export async function serveStatic(root: string, options: { compress?: boolean } = {}): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      // A directory without its trailing slash redirects, as static hosts do.
      let file = await resolveFile(root, url.pathname);
      let status = 200;
      if (file?.endsWith(`${sep}index.html`) && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      if (!file) {
        file = await nearestNotFound(root, url.pathname);
        status = 404;
      }
      const type = types[extname(file)] ?? 'application/octet-stream';
      const gzip =
        options.compress &&
        /^(text\/|application\/(json|xml))/.test(type) &&
        /\bgzip\b/.test(String(req.headers['accept-encoding']));
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      });
      if (req.method === 'HEAD') res.end();
      else if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
