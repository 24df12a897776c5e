// Preloaded into `npm run email:dev` (React Email's preview server) by emails/_catalog/dev.ts, so
// designers' drafts stay on this machine and every check runs here, or says in words why not:
// - servers that name no host listen on 127.0.0.1 (the preview server has no host option);
// - the checks React Email runs against outside services run locally (offline-checks.ts): the
//   spam score by SpamAssassin on this machine, links against the API's rules and LINK_HOSTS
//   (never fetched); the player the UI's animated icons need is served from node_modules;
// - every other call from the server to another host is refused, and pages carry a
//   Content-Security-Policy that keeps the browser on this machine too ("send test email" and any
//   outside asset are refused);
// - each page of the UI gets a small script (/__email-dev/offline.js) that sends the browser's own
//   calls for those checks here, and a notice that says what runs offline and what cannot.
// EMAIL_DEV_ALLOW_NETWORK=1 lifts all but the first, for a designer who chooses React Email's services.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';

// Started by emails/_catalog/dev.ts: if that process ever goes away without stopping us (killed
// with SIGKILL), this server stops too rather than hold the port with nobody to stop it.
const parent = Number(process.env.EMAIL_DEV_PARENT_PID);
if (parent && process.ppid === parent) {
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  if (typeof args[0] === 'object' && args[0] !== null && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};

if (process.env.EMAIL_DEV_ALLOW_NETWORK !== '1') {
  const checks = await import('./offline-checks.ts');
  const spamAssassin = checks.findSpamAssassin();
  const linkHosts = checks.linkHostsFrom(process.env.LINK_HOSTS);
  console.warn(
    spamAssassin.available
      ? `email:dev: spam score by ${spamAssassin.describe} on this machine (local tests only)`
      : `email:dev: ${spamAssassin.describe}`,
  );
  console.warn(
    `email:dev: links are checked offline, never fetched: https, and ${linkHosts.length ? `LINK_HOSTS (${linkHosts.join(', ')})` : 'any host (LINK_HOSTS is not set)'}`,
  );

  const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;
  const told = new Set();
  const tellOnce = (line) => {
    if (!told.has(line)) {
      told.add(line);
      console.warn(line);
    }
  };
  const refuse = (host) => {
    tellOnce(`email:dev: refused a call to ${host} (drafts stay on this machine; EMAIL_DEV_ALLOW_NETWORK=1 allows it)`);
    return new Error(`email:dev refuses calls to ${host}: set EMAIL_DEV_ALLOW_NETWORK=1 to allow them`);
  };
  const urlOf = (input) => {
    try {
      if (typeof input === 'string' || input instanceof URL) return new URL(input);
      if (input && typeof input.url === 'string') return new URL(input.url);
      if (input && typeof input === 'object') {
        const host = input.hostname ?? input.host ?? 'localhost';
        return new URL(`${input.protocol ?? 'http:'}//${host}${input.path ?? '/'}`);
      }
    } catch {}
    return undefined;
  };
  const isLoopback = (url) => !url || LOOPBACK.test(url.hostname);

  const SPAM_CHECK = 'https://react.email/api/check-spam';
  const SEND_TEST = 'https://react.email/api/send/test';
  const json = (body, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  /** The local spam check, for a body { html, plainText } as React Email sends it. */
  async function spamCheck(body) {
    if (!spamAssassin.available) return { error: spamAssassin.describe };
    let request;
    try {
      request = JSON.parse(body);
    } catch {
      return { error: 'Spam check failed: the preview sent no email to check.' };
    }
    const html = String(request.html ?? '');
    const report = await checks.spamCheck({
      html,
      text: String(request.plainText ?? ''),
      subject: checks.subjectOf(html),
    });
    if ('error' in report) tellOnce(`email:dev: ${report.error}`);
    else {
      const rules = report.checks.filter((c) => c.points !== 0).map((c) => `${c.name} ${c.points}`);
      tellOnce(
        `email:dev: spam score ${report.points} for "${checks.subjectOf(html)}"${rules.length ? `: ${rules.join(', ')}` : ''}`,
      );
    }
    return report;
  }
  const SEND_OFFLINE =
    'Sending a test email needs the network: start the workbench with EMAIL_DEV_ALLOW_NETWORK=1 to use React Email’s service.';

  // The server's own calls: React Email checks spam with fetch() while it renders a preview page.
  const fetch = globalThis.fetch;
  globalThis.fetch = async function guardedFetch(input, init) {
    const url = urlOf(input);
    if (url?.href === SPAM_CHECK) {
      const body = init?.body ?? (input instanceof Request ? await input.text() : '');
      return json(await spamCheck(typeof body === 'string' ? body : new TextDecoder().decode(body)));
    }
    if (url?.href === SEND_TEST) return json({ error: SEND_OFFLINE }, 503);
    if (!isLoopback(url)) throw refuse(url?.hostname ?? String(input));
    return fetch.call(this, input, init);
  };

  /**
   * The answer to a link or image check (an http(s) GET from the server), decided offline: a
   * response with the status the link deserves (200 passes; 400 a form the API refuses; 403 not
   * on LINK_HOSTS), never a request to the link's host.
   */
  function offlineLinkCheck(url, callback) {
    const verdict = checks.checkLinkOffline(url.href, linkHosts);
    if (!verdict.ok)
      tellOnce(
        `email:dev: link ${url.href}: ${verdict.reason} (checked offline, HTTP ${verdict.status} in the Linter)`,
      );
    const request = new EventEmitter();
    Object.assign(request, {
      end() {
        return request;
      },
      write() {
        return true;
      },
      setTimeout() {
        return request;
      },
      setHeader() {},
      destroy() {
        return request;
      },
      abort() {},
    });
    const response = Readable.from([]);
    Object.assign(response, {
      statusCode: verdict.status,
      statusMessage: verdict.reason,
      headers: { 'x-email-dev-check': `offline, not fetched: ${verdict.reason}` },
    });
    process.nextTick(() => {
      callback?.(response);
      request.emit('response', response);
    });
    return request;
  }

  for (const mod of [http, https]) {
    for (const name of ['request', 'get']) {
      const original = mod[name];
      mod[name] = function guardedRequest(...args) {
        const url = urlOf(args[0]);
        if (isLoopback(url)) return original.apply(this, args);
        const options = args.find((a, i) => i > 0 && a && typeof a === 'object');
        const method = (options?.method ?? args[0]?.method ?? 'GET').toUpperCase();
        if (method === 'GET' && (typeof args[0] === 'string' || args[0] instanceof URL)) {
          return offlineLinkCheck(
            url,
            args.find((a) => typeof a === 'function'),
          );
        }
        throw refuse(url?.hostname ?? 'another host');
      };
    }
  }

  // The animated icons' player, which the UI otherwise loads from cdn.jsdelivr.net or unpkg.com.
  const require = createRequire(import.meta.url);
  const lottie = (() => {
    try {
      // The package exports the player but not its package.json: read that beside dist/.
      const wasm = require.resolve('@lottiefiles/dotlottie-web/dotlottie-player.wasm');
      return { version: JSON.parse(readFileSync(join(dirname(wasm), '..', 'package.json'), 'utf8')).version, wasm };
    } catch {
      return undefined;
    }
  })();

  const notice = [
    'Offline workbench: nothing leaves this machine.',
    `Spam: ${spamAssassin.available ? `scored by ${spamAssassin.describe} here, local tests only.` : spamAssassin.describe}`,
    `Linter: links are checked, not fetched: https and ${linkHosts.length ? `LINK_HOSTS (${linkHosts.join(', ')})` : 'any host, as LINK_HOSTS is not set'}. HTTP 400: a link the API refuses; HTTP 403: not on LINK_HOSTS.`,
    'Send: a test email needs the network (EMAIL_DEV_ALLOW_NETWORK=1).',
    'Dark mode: the moon button inverts colours as Gmail’s apps do; previews/dark-mode/ shows the emails’ own dark design (Apple Mail, Outlook for Mac and iOS).',
  ];
  const clientScript = `(() => {
  const local = ${JSON.stringify({ [SPAM_CHECK]: '/__email-dev/check-spam', [SEND_TEST]: '/__email-dev/send-test' })};
  const player = /^https:\\/\\/(?:cdn\\.jsdelivr\\.net\\/npm|unpkg\\.com)\\/@lottiefiles\\/dotlottie-web@([^/]+)\\/dist\\/dotlottie-player\\.wasm$/;
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input && input.url;
    if (local[url]) return fetch.call(this, local[url], init);
    const m = player.exec(url || '');
    if (m) return fetch.call(this, '/__email-dev/dotlottie-player.wasm?v=' + encodeURIComponent(m[1]), init);
    return fetch.call(this, input, init);
  };
  const lines = ${JSON.stringify(notice)};
  const show = () => {
    if (document.getElementById('email-dev-offline') || sessionStorage.getItem('email-dev-offline') === 'hidden') return;
    const box = document.createElement('aside');
    box.id = 'email-dev-offline';
    box.setAttribute('role', 'note');
    box.setAttribute('aria-label', 'Offline workbench');
    box.style.cssText = 'position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:420px;padding:10px 12px;border:1px solid #30363d;border-radius:8px;background:#161b22;color:#e6edf3;font:12px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4)';
    for (const line of lines) {
      const p = document.createElement('p');
      p.style.margin = '0 0 4px';
      p.textContent = line;
      box.append(p);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.style.cssText = 'margin-top:4px;padding:2px 8px;border:1px solid #30363d;border-radius:4px;background:#0d1117;color:#e6edf3;font:inherit;cursor:pointer';
    close.onclick = () => {
      sessionStorage.setItem('email-dev-offline', 'hidden');
      box.remove();
    };
    box.append(close);
    document.body.append(box);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show);
})();
`;

  /** The workbench's own routes: the offline checks as the browser calls them, the script, the icons' player. */
  async function ownRoute(req, res) {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/__email-dev/offline.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(clientScript);
    }
    if (pathname === '/__email-dev/check-spam' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const report = await spamCheck(body);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(report));
    }
    if (pathname === '/__email-dev/send-test') {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: SEND_OFFLINE }));
    }
    if (pathname === '/__email-dev/dotlottie-player.wasm' && lottie && searchParams.get('v') === lottie.version) {
      res.writeHead(200, { 'Content-Type': 'application/wasm', 'Cache-Control': 'max-age=86400' });
      return res.end(await readFile(lottie.wasm));
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      pathname === '/__email-dev/dotlottie-player.wasm'
        ? `The animated icons' player ${searchParams.get('v')} is not installed here (installed: ${lottie?.version ?? 'none'}): pin @lottiefiles/dotlottie-web to the version the preview UI asks for.`
        : 'Not found',
    );
  }

  const createServer = http.createServer;
  http.createServer = function guardedCreateServer(...args) {
    const at = args.findIndex((a) => typeof a === 'function');
    if (at >= 0) {
      const handler = args[at];
      args[at] = function withOwnRoutes(req, res) {
        if (req.url?.startsWith('/__email-dev/')) {
          ownRoute(req, res).catch((err) => {
            if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
            res.end(`email:dev: ${err.message}`);
          });
          return;
        }
        // Pages are answered uncompressed, so the script tag can be added to them (below).
        delete req.headers['accept-encoding'];
        return handler.call(this, req, res);
      };
    }
    return createServer.apply(this, args);
  };

  const CSP = [
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    "form-action 'self'",
  ].join('; ');
  const SCRIPT_TAG = '<script src="/__email-dev/offline.js"></script>';
  const isHtml = (res) => /^text\/html/i.test(String(res.getHeader('content-type') ?? ''));
  const writeHead = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function (...args) {
    if (!this.headersSent && !this.hasHeader('content-security-policy')) this.setHeader('Content-Security-Policy', CSP);
    const headers = args.find((a, i) => i > 0 && a && typeof a === 'object' && !Array.isArray(a));
    const type = headers?.['content-type'] ?? headers?.['Content-Type'];
    if (isHtml(this) || /^text\/html/i.test(String(type ?? ''))) {
      this.removeHeader('content-length');
      if (headers) {
        delete headers['content-length'];
        delete headers['Content-Length'];
      }
    }
    return writeHead.apply(this, args);
  };
  /** The script goes first in <head>, before the UI's own scripts read fetch. */
  const inject = (res, chunk, encoding) => {
    if (res.emailDevInjected || chunk === undefined || chunk === null || typeof chunk === 'function' || !isHtml(res))
      return chunk;
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    const head = /<head[^>]*>/i.exec(text);
    if (!head) return chunk;
    res.emailDevInjected = true;
    return text.slice(0, head.index + head[0].length) + SCRIPT_TAG + text.slice(head.index + head[0].length);
  };
  const write = http.ServerResponse.prototype.write;
  http.ServerResponse.prototype.write = function (chunk, ...rest) {
    return write.call(this, inject(this, chunk, rest[0]), ...rest);
  };
  const end = http.ServerResponse.prototype.end;
  http.ServerResponse.prototype.end = function (chunk, ...rest) {
    return end.call(this, inject(this, chunk, rest[0]), ...rest);
  };
}
