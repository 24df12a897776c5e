// Preloaded into a bench's server with `node --import` (never by the server itself, so it adds no
// route and no code to what `npm start` runs). With MEMORY_PROBE=1, every MEMORY_PROBE_MS
// (default 1000) it writes one line to stderr, `memory-probe {json}`, the main thread's view of
// the process's memory, in MB (connections.bench.ts reads them):
// - `process.memoryUsage()`: rss, heapTotal, heapUsed, external, arrayBuffers;
// - rssAnon and rssFile, the two parts of rss (/proc/self/status): the second is mapped files,
//   the node binary's code mostly;
// - V8's heap spaces (`v8.getHeapSpaceStatistics()`), each as [committed, used];
// - brk: the resident part of glibc's main arena (the `[heap]` mapping);
// - fds: file descriptors open, which counts the connections still held.
// Reading these runs no GC. Worker threads (the store's, the renderer's) have heaps of their own,
// which rss includes and heapTotal does not.
// JavaScript, not TypeScript: preloading a .ts file makes Node load its type stripper, a
// WebAssembly module whose compilation alone took some 400 MB of RSS, more than what is measured.
import { readdirSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const kbField = (text, field) => mb(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024);

function sample() {
  const usage = process.memoryUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  const smaps = readFileSync('/proc/self/smaps', 'utf8');
  const brk = smaps.indexOf('[heap]');
  return {
    t: Math.round(performance.now()),
    rss: mb(usage.rss),
    heapTotal: mb(usage.heapTotal),
    heapUsed: mb(usage.heapUsed),
    external: mb(usage.external),
    arrayBuffers: mb(usage.arrayBuffers),
    rssAnon: kbField(status, 'RssAnon'),
    rssFile: kbField(status, 'RssFile'),
    spaces: Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [
        s.space_name.replace(/_space$/, ''),
        [mb(s.space_size), mb(s.space_used_size)],
      ]),
    ),
    brk: brk < 0 ? 0 : kbField(smaps.slice(brk), 'Rss'),
    fds: readdirSync('/proc/self/fd').length,
  };
}

if (isMainThread && process.env.MEMORY_PROBE === '1') {
  setInterval(
    () => process.stderr.write(`memory-probe ${JSON.stringify(sample())}\n`),
    Number(process.env.MEMORY_PROBE_MS ?? 1000),
  ).unref();
}
