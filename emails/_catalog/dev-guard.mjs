// Preloaded into `npm run email:dev` (React Email's preview server) by emails/_catalog/dev.ts, so
// designers' drafts stay on this machine:
// - servers that name no host listen on 127.0.0.1 (the preview server has no host option);
// - calls from the server to other hosts are refused: the spam check (it uploads the rendered
//   draft), the link and image checks;
// - pages carry a Content-Security-Policy that keeps the browser on this machine too: the
//   "send test email" form and any outside asset are refused.
// EMAIL_DEV_ALLOW_NETWORK=1 lifts the last two, for a designer who chooses to use them.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  if (typeof args[0] === 'object' && args[0] !== null && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};

if (process.env.EMAIL_DEV_ALLOW_NETWORK !== '1') {
  const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;
  const told = new Set();
  const refuse = (host) => {
    if (!told.has(host)) {
      told.add(host);
      console.warn(
        `email:dev: refused a call to ${host} (drafts stay on this machine; EMAIL_DEV_ALLOW_NETWORK=1 allows it)`,
      );
    }
    return new Error(`email:dev refuses calls to ${host}: set EMAIL_DEV_ALLOW_NETWORK=1 to allow them`);
  };
  const hostOf = (input) => {
    try {
      if (typeof input === 'string' || input instanceof URL) return new URL(input).hostname;
      if (input && typeof input.url === 'string') return new URL(input.url).hostname;
      if (input && typeof input === 'object') return input.hostname ?? input.host ?? 'localhost';
    } catch {}
    return 'localhost';
  };

  const fetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    const host = hostOf(input);
    if (!LOOPBACK.test(host)) return Promise.reject(refuse(host));
    return fetch.call(this, input, init);
  };
  for (const mod of [http, https]) {
    for (const name of ['request', 'get']) {
      const original = mod[name];
      mod[name] = function guardedRequest(...args) {
        const host = hostOf(args[0]);
        if (!LOOPBACK.test(String(host).replace(/:\d+$/, ''))) throw refuse(host);
        return original.apply(this, args);
      };
    }
  }

  const CSP = [
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    "form-action 'self'",
  ].join('; ');
  const writeHead = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function (...args) {
    if (!this.headersSent && !this.hasHeader('content-security-policy')) this.setHeader('Content-Security-Policy', CSP);
    return writeHead.apply(this, args);
  };
}
