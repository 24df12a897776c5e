/**
 * What the console's suites share: a browser's part of a conversation with the console through
 * `app.request` (a cookie jar, the Host and Origin a browser sends, the form tokens read back
 * from pages).
 */

export const HOST = '127.0.0.1:3000';
export const ORIGIN = `http://${HOST}`;

type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** One browser: it keeps cookies, sends a loopback Host, and posts forms from the console's origin. */
export function browserOf(app: Requester) {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) cookies.delete(name);
      else cookies.set(name, pair.slice(at + 1));
    }
    return res;
  };
  const headers = (extra: Record<string, string> = {}) => ({
    host: HOST,
    ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
    ...extra,
  });
  return {
    cookies,
    get: async (path: string, extra: Record<string, string> = {}) =>
      keep(await app.request(path, { headers: headers(extra) })),
    post: async (path: string, form: Record<string, string>, extra: Record<string, string> = {}) =>
      keep(
        await app.request(path, {
          method: 'POST',
          headers: headers({
            'content-type': 'application/x-www-form-urlencoded',
            origin: ORIGIN,
            'sec-fetch-site': 'same-origin',
            ...extra,
          }),
          body: new URLSearchParams(form).toString(),
        }),
      ),
  };
}
export type Browser = ReturnType<typeof browserOf>;

/** The hidden fields of the page's form that posts to `action` (the first form when not named). */
export function formFields(page: string, action?: string): Record<string, string> {
  const forms = [...page.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = action ? forms.find((f) => f[1] === action) : forms[0];
  if (!form) throw new Error(`no form posting to ${action ?? 'anything'} on the page`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name)
      fields[name] = value
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&');
  }
  return fields;
}

/** Signs in with `key` as a person would: the form, its token, the key. */
export async function signIn(browser: Browser, key: string): Promise<Response> {
  const page = await (await browser.get('/console/sign-in')).text();
  return browser.post('/console/sign-in', { ...formFields(page, '/console/sign-in'), key });
}
