/** Full render (HTML + text) of every template variant: renders per second, p50 and p99. Target: p99 < 2 ms. */
import { renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { percentile } from './stats.ts';

const WARMUP = 300;
const RUNS = 3000;

export default async function benchTemplates() {
  console.log('template/variant                      renders/s   p50 ms   p99 ms');
  for (const { template, variant, data } of variants) {
    const valid = templateSchema(template).parse(data);
    for (let i = 0; i < WARMUP; i++) await renderEmail(template, valid);
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await renderEmail(template, valid);
      times.push(performance.now() - t);
    }
    const perSecond = RUNS / ((performance.now() - started) / 1000);
    console.log(
      `${`${template}/${variant}`.padEnd(36)} ${perSecond.toFixed(0).padStart(9)} ${percentile(times, 50).toFixed(3).padStart(8)} ${percentile(times, 99).toFixed(3).padStart(8)}`,
    );
  }
}

if (import.meta.main) await benchTemplates();
