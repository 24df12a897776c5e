/** @jsxImportSource hono/jsx */
import type { App } from '../http.ts';
import { type DeliveryGlance, type GlanceEventType, type GlanceSeries, QUEUE_COUNT_CAP } from '../store/index.ts';
import { type Dates, When } from './dates.tsx';
import type { Kit } from './kit.tsx';
import { Page, type View } from './layout.tsx';

/**
 * `/console/delivery`: delivery at a glance, drawn on the server as SVG (no script): emails
 * accepted, sent, delivered, bounced, complained about and failed, and the waits for the
 * provider's limits, per slice of the last hour, day or week; the queue and its oldest waiting
 * email; the provider's budget; the events-out backlog. Each chart has its numbers in a table
 * beside it, for screen readers and for whoever wants the figures. Prometheus keeps /metrics.
 */

const windows = { hour: 'Last hour', day: 'Last 24 hours', week: 'Last 7 days' } as const;
type Window = keyof typeof windows;

const charts: { type: GlanceEventType; label: string; color: string }[] = [
  { type: 'accepted', label: 'Accepted', color: '#4d5560' },
  { type: 'sent', label: 'Sent to the provider', color: '#0b5cad' },
  { type: 'delivered', label: 'Delivered', color: '#176b35' },
  { type: 'bounced', label: 'Bounced', color: '#8a4b00' },
  { type: 'complained', label: 'Marked as spam', color: '#6b21a8' },
  { type: 'failed', label: 'Failed', color: '#b3261e' },
  { type: 'throttled', label: 'Waited: provider rate limit', color: '#8a4b00' },
  { type: 'parked', label: 'Waited: provider quota', color: '#b3261e' },
];

const W = 240;
const H = 80;

const sliceStart = (s: GlanceSeries, i: number) => new Date(s.start.getTime() + i * s.sliceMs);
const sliceStyle = (s: GlanceSeries) => (s.sliceMs >= 86_400_000 ? 'date' : 'time');

function Chart({
  series,
  type,
  label,
  color,
  dates,
}: {
  series: GlanceSeries;
  type: GlanceEventType;
  label: string;
  color: string;
  dates: Dates;
}) {
  const values = series.counts[type];
  const total = values.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...values);
  const step = W / series.slices;
  const gap = Math.min(2, step / 4);
  const first = sliceStart(series, 0);
  return (
    <figure class="chart">
      <figcaption>
        <span>{label}</span>
        <span class="total">{total.toLocaleString(dates.locale)}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H + 1}`}
        role="img"
        aria-label={`${label}: ${total} in all; at most ${max === 1 && total === 0 ? 0 : max} in one slice`}
      >
        <line x1="0" y1={H} x2={W} y2={H} stroke="#6b7480" stroke-width="1" />
        {values.map((n, i) =>
          n > 0 ? (
            <rect x={i * step + gap / 2} y={H - (n / max) * H} width={step - gap} height={(n / max) * H} fill={color}>
              <title>{`${dates.format(sliceStart(series, i), sliceStyle(series))}: ${n}`}</title>
            </rect>
          ) : null,
        )}
      </svg>
      <div class="axis" aria-hidden="true">
        <span>{dates.format(first, sliceStyle(series))}</span>
        <span>now</span>
      </div>
    </figure>
  );
}

function Numbers({ series, dates }: { series: GlanceSeries; dates: Dates }) {
  return (
    <details class="numbers">
      <summary>The numbers</summary>
      <table>
        <caption>Events per slice, the slice’s start first</caption>
        <thead>
          <tr>
            <th scope="col">Slice from</th>
            {charts.map((c) => (
              <th scope="col" class="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: series.slices }, (_, i) => (
            <tr>
              <th scope="row">
                <When
                  date={sliceStart(series, i)}
                  dates={dates}
                  style={sliceStyle(series) === 'date' ? 'date' : 'datetime'}
                />
              </th>
              {charts.map((c) => (
                <td class="num">{series.counts[c.type][i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A count the glance capped: past the cap, "more than" it (the exact figure is in /metrics). */
function depth(n: number, dates: Dates) {
  return n > QUEUE_COUNT_CAP ? (
    <span title="emails_queue_depth in /metrics has the exact figure">
      more than {QUEUE_COUNT_CAP.toLocaleString(dates.locale)}
    </span>
  ) : (
    n.toLocaleString(dates.locale)
  );
}

function Now({ glance, view, providerRate }: { glance: DeliveryGlance; view: View; providerRate: number }) {
  const { queue, budget, eventsOut, now } = glance;
  const ahead = budget ? Math.max(0, budget.nextAt.getTime() - now.getTime()) : 0;
  const paused = budget && budget.pausedUntil.getTime() > now.getTime() ? budget.pausedUntil : undefined;
  return (
    <div class="cards">
      <section class="card" aria-labelledby="queue">
        <h2 id="queue">Queue</h2>
        <dl class="facts">
          <dt>Due now</dt>
          <dd>{depth(queue.queued, view.dates)}</dd>
          <dt>Scheduled</dt>
          <dd>{depth(queue.scheduled, view.dates)}</dd>
          <dt>Being sent</dt>
          <dd>{depth(queue.sending, view.dates)}</dd>
          <dt>Oldest waiting</dt>
          <dd>
            {queue.oldestDueAt ? (
              <>
                due since <When date={queue.oldestDueAt} dates={view.dates} />
              </>
            ) : (
              'none'
            )}
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="budget">
        <h2 id="budget">Provider budget</h2>
        <dl class="facts">
          <dt>Limit</dt>
          <dd>{providerRate} requests a second (RESEND_RATE_LIMIT), each of up to 100 emails</dd>
          <dt>In use</dt>
          <dd>
            {budget
              ? ahead > 0
                ? `booked ${(ahead / 1000).toFixed(1)} s ahead: sends are waiting for their turn`
                : 'idle: a send may start at once'
              : view.mailbox
                ? 'no provider: the local mailbox has no limit'
                : 'kept by this process (the embedded store): see delivery_paused_seconds on /metrics'}
          </dd>
          <dt>Paused</dt>
          <dd>
            {paused ? (
              <>
                until <When date={paused} dates={view.dates} /> (the provider asked)
              </>
            ) : (
              'no'
            )}
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="events-out">
        <h2 id="events-out">Events out</h2>
        <dl class="facts">
          <dt>Waiting</dt>
          <dd>{eventsOut.pending}</dd>
          <dt>Being delivered</dt>
          <dd>{eventsOut.delivering}</dd>
          <dt>Gave up</dt>
          <dd>{eventsOut.failed}</dd>
          <dt>Oldest waiting</dt>
          <dd>
            {eventsOut.oldestPendingAt ? (
              <>
                due since <When date={eventsOut.oldestPendingAt} dates={view.dates} />
              </>
            ) : (
              'none'
            )}
          </dd>
        </dl>
      </section>
    </div>
  );
}

export function mountDelivery(app: App, kit: Kit): void {
  const { store, providerRate } = kit.deps;
  app.get(
    '/console/delivery',
    kit.page('read', async (c, view) => {
      const asked = c.req.query('window');
      const window: Window = asked === 'hour' || asked === 'week' ? asked : 'day';
      const glance = await store.deliveryGlance();
      const series = glance[window];
      return kit.render(
        c,
        200,
        <Page title="Delivery" view={view} tz={view.dates.timeZone}>
          <h1>Delivery at a glance</h1>
          <p>
            As of <When date={glance.now} dates={view.dates} />. Counted from every email’s events; reload for the
            latest.
          </p>
          <Now glance={glance} view={view} providerRate={providerRate} />
          <h2 id="charts">{windows[window]}</h2>
          <ul class="tabs" aria-label="Period">
            {(Object.keys(windows) as Window[]).map((w) => (
              <li>
                <a href={`/console/delivery?window=${w}`} aria-current={w === window ? 'page' : undefined}>
                  {windows[w]}
                </a>
              </li>
            ))}
          </ul>
          <div class="charts">
            {charts.map((chart) => (
              <Chart series={series} {...chart} dates={view.dates} />
            ))}
          </div>
          <Numbers series={series} dates={view.dates} />
        </Page>,
      );
    }),
  );
}
