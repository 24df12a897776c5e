/** @jsxImportSource hono/jsx */
import { z } from 'zod';
import { scenarioIds } from '../../emails/_domain/activation.ts';
import type { App } from '../http.ts';
import { type ActivationRecord, type AttentionItem, activationStates } from '../store/index.ts';
import { startOfDay, When } from './dates.tsx';
import type { Kit } from './kit.tsx';
import { Notice, Page, StatusBadge, type View } from './layout.tsx';
import { type Column, Pager, pageLink, roleLabel, StackTable, scenarioLabel } from './parts.tsx';

/**
 * `/console/activations`: the needs-attention queue first (activations whose email bounced,
 * was complained about or failed, with what the provider said), then every activation, newest
 * first, found by enrollment number, organization or recipient address and filtered by state,
 * scenario, attention and creation date. A page is 50 rows; "Older" pages on by id.
 */

export const PAGE_SIZE = 50;
const QUEUE_SIZE = 10;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export const activationFilters = z.object({
  q: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  state: z
    .enum(activationStates)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  scenario: z
    .enum(scenarioIds)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  attention: z
    .enum(['yes', 'no'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  from: day,
  to: day,
  before: z.uuid().optional(),
});
export type ActivationFilters = z.infer<typeof activationFilters>;

const DAY_MS = 86_400_000;

function Filters({ filters, errors }: { filters: ActivationFilters; errors: string[] }) {
  return (
    <search>
      <form method="get" action="/console/activations" class="filters" aria-label="Find activations">
        <div class="wide">
          <label for="q">
            Search
            <span class="hint">Enrollment number, organization, or recipient address</span>
          </label>
          <input id="q" name="q" type="search" value={filters.q ?? ''} maxlength={200} />
        </div>
        <div>
          <label for="state">State</label>
          <select id="state" name="state">
            <option value="">Any</option>
            {activationStates.map((s) => (
              <option value={s} selected={filters.state === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="scenario">Scenario</label>
          <select id="scenario" name="scenario">
            <option value="">Any</option>
            {scenarioIds.map((s) => (
              <option value={s} selected={filters.scenario === s}>
                {scenarioLabel[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="attention">Needs attention</label>
          <select id="attention" name="attention">
            <option value="">Either</option>
            <option value="yes" selected={filters.attention === 'yes'}>
              Yes
            </option>
            <option value="no" selected={filters.attention === 'no'}>
              No
            </option>
          </select>
        </div>
        <div>
          <label for="from">Created from</label>
          <input id="from" name="from" type="date" value={filters.from ?? ''} />
        </div>
        <div>
          <label for="to">Created to</label>
          <input id="to" name="to" type="date" value={filters.to ?? ''} />
        </div>
        <div>
          <button type="submit">Search</button> <a href="/console/activations">Clear</a>
        </div>
        {errors.length > 0 ? (
          <div class="wide">
            <Notice tone="bad">
              <p>Some filters were ignored: {errors.join('; ')}.</p>
            </Notice>
          </div>
        ) : null}
      </form>
    </search>
  );
}

function Queue({ view, queue }: { view: View; queue: { total: number; items: AttentionItem[] } }) {
  return (
    <section aria-labelledby="queue">
      <h2 id="queue">Needs attention ({queue.total})</h2>
      {queue.items.length === 0 ? (
        <p>No activation needs attention: no activation email or reminder bounced, was complained about or failed.</p>
      ) : (
        <StackTable columns={attentionColumns(view)} rows={queue.items} />
      )}
      {queue.total > queue.items.length ? (
        <p>
          <a href="/console/activations?attention=yes">See all {queue.total} that need attention</a>
        </p>
      ) : null}
    </section>
  );
}

const enrollmentColumns: Column<ActivationRecord>[] = [
  {
    label: 'Enrollment',
    cell: (a) => <a href={`/console/activations/${a.id}`}>{a.enrollment.number}</a>,
  },
  { label: 'Organization', cell: (a) => a.enrollment.organizationName },
];

const recipientCell = (a: ActivationRecord) => (
  <>
    {a.recipient.email || '(erased)'} <span class="hint">{roleLabel[a.recipient.role]}</span>
  </>
);

const attentionColumns = (view: View): Column<AttentionItem>[] => [
  ...enrollmentColumns,
  {
    label: 'What happened',
    cell: (a) =>
      a.reason ? (
        <>
          <StatusBadge status={a.reason.status} /> {a.reason.purpose ?? 'email'}
          {a.reason.detail ? <span class="detail">{a.reason.detail}</span> : null}
        </>
      ) : (
        'An email to the recipient failed'
      ),
  },
  { label: 'When', cell: (a) => (a.reason ? <When date={a.reason.at} dates={view.dates} /> : '—') },
  { label: 'Sent to', cell: recipientCell },
];

export function ActivationRows({ view, rows }: { view: View; rows: ActivationRecord[] }) {
  const columns: Column<ActivationRecord>[] = [
    ...enrollmentColumns,
    { label: 'Scenario', cell: (a) => scenarioLabel[a.scenario] },
    {
      label: 'State',
      cell: (a) => (
        <>
          <StatusBadge status={a.state} />
          {a.choice ? <span class="hint">chose {a.choice.option}</span> : null}
          {a.needsAttention ? <span class="hint">needs attention</span> : null}
        </>
      ),
    },
    { label: 'Recipient', cell: recipientCell },
    { label: 'Created', cell: (a) => <When date={a.createdAt} dates={view.dates} /> },
  ];
  return <StackTable columns={columns} rows={rows} />;
}

export function mountActivationList(app: App, kit: Kit): void {
  const { store } = kit.deps;
  app.get(
    '/console/activations',
    kit.page('read', async (c, view) => {
      const parsed = activationFilters.safeParse(c.req.query());
      const filters: ActivationFilters = parsed.success ? parsed.data : {};
      const errors = parsed.success
        ? []
        : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'query')} ${i.message.toLowerCase()}`);
      const tz = view.dates.timeZone;
      const [queue, rows] = await Promise.all([
        store.attentionQueue(QUEUE_SIZE),
        store.findActivations({
          text: filters.q,
          state: filters.state,
          scenario: filters.scenario,
          needsAttention: filters.attention === undefined ? undefined : filters.attention === 'yes',
          from: filters.from ? startOfDay(filters.from, tz) : undefined,
          until: filters.to ? new Date(startOfDay(filters.to, tz).getTime() + DAY_MS) : undefined,
          before: filters.before,
          limit: PAGE_SIZE + 1,
        }),
      ]);
      const shown = rows.slice(0, PAGE_SIZE);
      const last = shown.at(-1);
      const { before: _, ...kept } = filters;
      const older = rows.length > PAGE_SIZE && last ? pageLink('/console/activations', kept, last.id) : undefined;
      const filtered = Object.values(kept).some((v) => v !== undefined && v !== '');
      return kit.render(
        c,
        parsed.success ? 200 : 400,
        <Page title="Activations" view={view} tz={tz}>
          <h1>Activations</h1>
          <Queue view={view} queue={queue} />
          <section aria-labelledby="all">
            <h2 id="all">{filtered ? 'Activations found' : 'All activations'}</h2>
            <Filters filters={filters} errors={errors} />
            {shown.length === 0 ? (
              <p>{filtered ? 'No activation matches these filters.' : 'No activation yet.'}</p>
            ) : (
              <ActivationRows view={view} rows={shown} />
            )}
            <Pager first={filters.before ? pageLink('/console/activations', kept) : undefined} older={older} />
          </section>
        </Page>,
      );
    }),
  );
}
