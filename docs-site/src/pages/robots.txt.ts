import type { APIRoute } from 'astro';

/** Every page of the guide may be indexed; the sitemap is at the address the guide is published at (DOCS_SITE_URL). */
export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${new URL('sitemap-index.xml', site).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
