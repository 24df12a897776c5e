/**
 * Render time of every template variant in each locale, against en-US measured in the same run.
 * Locales take turns batch by batch, so the machine's noise falls on all of them alike; the
 * figure that matters is the ratio to en-US. Target: no locale more than 10% slower.
 */
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { percentile } from './stats.ts';

const WARMUP = 100;
const ROUNDS = 15;
const BATCH = 30;

export default async function benchLocales() {
  console.log(`template/variant                      ${locales.map((l) => l.padStart(15)).join(' ')}`);
  const totals = new Map(locales.map((l) => [l, 0]));
  for (const { template, variant, data } of variants) {
    const valid = templateSchema(template).parse(data);
    for (const locale of locales)
      for (let i = 0; i < WARMUP; i++) await renderEmail(template, valid, undefined, locale);
    const batches = new Map(locales.map((l) => [l, [] as number[]]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const locale of locales) {
        const t = performance.now();
        for (let i = 0; i < BATCH; i++) await renderEmail(template, valid, undefined, locale);
        batches.get(locale)?.push((performance.now() - t) / BATCH);
      }
    }
    const median = new Map(locales.map((l) => [l, percentile(batches.get(l) ?? [], 50)]));
    const base = median.get('en-US') ?? 1;
    for (const l of locales) totals.set(l, (totals.get(l) ?? 0) + (median.get(l) ?? 0));
    console.log(
      `${`${template}/${variant}`.padEnd(36)} ${locales
        .map((l) => `${(median.get(l) ?? 0).toFixed(3)}ms ${((median.get(l) ?? 0) / base).toFixed(2)}x`.padStart(15))
        .join(' ')}`,
    );
  }
  const base = totals.get('en-US') ?? 1;
  console.log(
    `${'all variants (sum of medians)'.padEnd(36)} ${locales
      .map((l) => `${(totals.get(l) ?? 0).toFixed(3)}ms ${((totals.get(l) ?? 0) / base).toFixed(2)}x`.padStart(15))
      .join(' ')}`,
  );
}

if (import.meta.main) await benchLocales();
