import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  defaultBrand,
  locales,
  renderEmail,
  type TemplateName,
  templateSchema,
  variants,
} from '../../../emails/_catalog/index.ts';
import { MAX_IN_HAND, type RenderThreads, startRenderThreads } from '../../../server/render/threads.ts';
import { buildServerIfStale } from '../../support/server-process.ts';

/** The render threads run the compiled bundle, as `npm start` runs them. */
const compiled = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'dist', 'server', 'render-thread.js'));
const dying = new URL('../../support/render-thread-that-dies.ts', import.meta.url);

let threads: RenderThreads | undefined;
afterEach(async () => {
  await threads?.close();
  threads = undefined;
});

describe('render threads', () => {
  beforeAll(() => buildServerIfStale(), 120_000);

  test('render every template, variant and locale as the main thread does, many at once', async () => {
    const brand = { ...defaultBrand, name: 'Northwind Online' };
    threads = startRenderThreads({ threads: 2, brand, script: compiled });
    const cases = variants.flatMap((v) => locales.map((locale) => ({ ...v, locale })));
    const rendered = await Promise.all(
      cases.map(({ template, data, locale }) =>
        threads?.render(template, templateSchema(template).parse(data), locale),
      ),
    );
    for (const [i, { template, data, locale }] of cases.entries()) {
      expect(rendered[i]).toEqual(await renderEmail(template, templateSchema(template).parse(data), brand, locale));
    }
    expect(rendered[0]?.html).toContain('Northwind Online');
  });

  test('an email that fails to render fails alone, with its error; the thread renders the next', async () => {
    threads = startRenderThreads({ threads: 1, brand: defaultBrand, script: compiled });
    const { template, data } = variants[0] as (typeof variants)[number];
    const valid = templateSchema(template).parse(data);
    const [bad, good] = await Promise.allSettled([
      threads.render('no-such-template' as TemplateName, valid),
      threads.render(template, valid),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { name: 'TypeError' } });
    // With the stack of where it failed, on the thread, for the log.
    expect((bad as PromiseRejectedResult).reason.stack).toContain('renderEmail');
    expect(good).toMatchObject({ status: 'fulfilled', value: { subject: expect.any(String) } });
  });

  test('a thread that stops fails only the emails it held, says so once, and the next email starts another', async () => {
    const stops: Error[] = [];
    threads = startRenderThreads({ threads: 1, brand: defaultBrand, script: dying, onStop: (err) => stops.push(err) });
    await expect(threads.render('activation', 'stop')).rejects.toThrow('a render thread stopped (exit code 3)');
    await expect(threads.render('activation', {})).resolves.toMatchObject({ subject: 'Subject' });
    await threads.close();
    expect(stops.map((err) => err.message)).toEqual(['a render thread stopped (exit code 3)']);
  });

  test(`a thread holding ${MAX_IN_HAND} emails (say, hung) gets no more: the next renders on the calling thread`, async () => {
    threads = startRenderThreads({ threads: 1, brand: defaultBrand, script: dying });
    for (let i = 0; i < MAX_IN_HAND; i++) threads.render('activation', 'hold').catch(() => undefined);
    const { template, data } = variants[0] as (typeof variants)[number];
    const valid = templateSchema(template).parse(data);
    // The thread would answer "Subject"; the real email comes from this thread.
    expect(await threads.render(template, valid)).toEqual(await renderEmail(template, valid, defaultBrand));
  });

  test('a thread that gives no answer in time is stopped: its emails fail, the next email starts another', async () => {
    const stops: Error[] = [];
    threads = startRenderThreads({
      threads: 1,
      brand: defaultBrand,
      script: dying,
      deadlineMs: 200,
      onStop: (err) => stops.push(err),
    });
    await expect(threads.render('activation', 'hold')).rejects.toThrow('a render thread gave no answer in 200 ms');
    await expect(threads.render('activation', {})).resolves.toMatchObject({ subject: 'Subject' });
    expect(stops).toHaveLength(1);
  });

  test('spread over the threads: a stop on one leaves the emails the other holds', async () => {
    threads = startRenderThreads({ threads: 2, brand: defaultBrand, script: dying });
    const [stopped, kept] = await Promise.allSettled([
      threads.render('activation', 'stop'),
      threads.render('activation', {}),
    ]);
    expect(stopped.status).toBe('rejected');
    expect(kept.status).toBe('fulfilled');
  });

  test('data that cannot cross to a thread fails that email alone, at once', async () => {
    threads = startRenderThreads({ threads: 1, brand: defaultBrand, script: dying });
    await expect(threads.render('activation', { notData: () => 1 })).rejects.toMatchObject({ name: 'DataCloneError' });
    await expect(threads.render('activation', {})).resolves.toMatchObject({ subject: 'Subject' });
  });

  test('after close, a render fails at once instead of waiting', async () => {
    threads = startRenderThreads({ threads: 1, brand: defaultBrand, script: dying });
    await threads.render('activation', {});
    await threads.close();
    await expect(threads.render('activation', {})).rejects.toThrow('the render threads are closed');
  });

  test('with 0 threads, or from source (no compiled thread), emails render on the calling thread', async () => {
    const { template, data } = variants[0] as (typeof variants)[number];
    const valid = templateSchema(template).parse(data);
    for (const options of [
      { threads: 0, script: compiled },
      { threads: 2, script: undefined },
    ]) {
      threads = startRenderThreads({ ...options, brand: defaultBrand });
      expect(await threads.render(template, valid)).toEqual(await renderEmail(template, valid, defaultBrand));
    }
  });
});
