/**
 * Every page of the guide, as Astro renders it (at build time, the site being static), typeset by
 * its language's rules: see lib/typeset.ts. Responses other than HTML pass through untouched.
 */
import { defineMiddleware } from 'astro:middleware';
import { localeOfPath } from './lib/i18n.ts';
import { typesetHtml } from './lib/typeset.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const html = typesetHtml(await response.text(), localeOfPath(context.url.pathname));
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
});
