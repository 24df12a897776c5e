/** @jsxImportSource hono/jsx */
import { offeredOptions } from '../../emails/_domain/activation.ts';
import type { Command } from '../activations/machine.ts';
import { transition } from '../activations/machine.ts';
import type { App } from '../http.ts';
import { may } from '../keys.ts';
import { UUID } from '../routes/params.ts';
import type { ActivationWithHistory, TimelineEntry } from '../store/index.ts';
import { When } from './dates.tsx';
import type { Kit } from './kit.tsx';
import { Notice, Page, StatusBadge, type View } from './layout.tsx';
import { optionLabel, roleLabel, StackTable, scenarioLabel } from './parts.tsx';

/**
 * `/console/activations/{id}`: one enrollment's activation whole. Its scenario and the options
 * it offers, its state and (final) choice, the recipient with the role it was resolved from and
 * the three contacts, its follow-ups with their due dates, its emails, the actions the process
 * still allows, and the timeline: every step (with who made it), every email event (with the
 * provider's answer) and every event sent out (with each delivery attempt), in the one order
 * the store wrote them. The timeline refreshes itself while the page is open (console.js).
 */

export type ActionName = 'contacts' | 'resend' | 'cancel';

const commandOf: Record<ActionName, Command> = {
  contacts: { type: 'change-contacts', contacts: {} },
  resend: { type: 'resend' },
  cancel: { type: 'cancel' },
};

/** The actions the process allows on `a` now: the rules decide, as they will when it runs. */
export function offeredActions(a: ActivationWithHistory, kit: Kit): ActionName[] {
  const context = { now: kit.deps.clock(), followUps: kit.deps.followUps };
  return (Object.keys(commandOf) as ActionName[]).filter((name) => {
    const outcome = transition(a, commandOf[name], context);
    return outcome.kind === 'planned';
  });
}

const stepLabel: Record<string, string> = {
  'activation.created': 'Activation created',
  'activation.choice_recorded': 'Choice recorded',
  'activation.provisioned': 'Services provisioned',
  'activation.contacts_changed': 'Contacts corrected',
  'activation.resent': 'Activation email sent again',
  'activation.canceled': 'Activation canceled',
  'activation.needs_attention': 'Needs attention',
};

const emailEventLabel: Record<string, string> = {
  queued: 'accepted, to go out now',
  scheduled: 'scheduled',
  sent: 'handed to the provider',
  retry: 'try failed, will be tried again',
  throttled: 'waited for the provider’s rate limit',
  parked: 'waited for the provider’s quota',
  released: 'handed back to the queue',
  unbatched: 'taken out of its batch',
  delivered: 'delivered',
  delivery_delayed: 'delivery delayed',
  opened: 'opened',
  clicked: 'link clicked',
  bounced: 'bounced',
  complained: 'marked as spam',
  failed: 'failed',
  outcome_unknown: 'outcome unknown',
  canceled: 'canceled',
};

const toneOf = (entry: TimelineEntry): string => {
  if (entry.kind === 'out') return entry.status === 'failed' ? 'out bad' : 'out';
  if (['bounced', 'complained', 'failed', 'outcome_unknown', 'activation.needs_attention'].includes(entry.type))
    return `${entry.kind} bad`;
  if (entry.type === 'delivered') return `${entry.kind} good`;
  return entry.kind;
};

function Entry({ entry, view }: { entry: TimelineEntry; view: View }) {
  const when = <When date={entry.at} dates={view.dates} />;
  switch (entry.kind) {
    case 'step':
      return (
        <li class={toneOf(entry)}>
          <strong>{stepLabel[entry.type] ?? entry.type}</strong> <span class="when">{when}</span>
          {entry.keyName ? <span class="detail">by {entry.keyName}</span> : null}
          {entry.detail ? <span class="detail">{entry.detail}</span> : null}
        </li>
      );
    case 'email':
      return (
        <li class={toneOf(entry)}>
          <a href={`/console/emails/${entry.emailId}`}>{entry.purpose ?? 'Email'} email</a>{' '}
          {emailEventLabel[entry.type] ?? entry.type} <span class="when">{when}</span>
          {entry.keyName ? <span class="detail">by {entry.keyName}</span> : null}
          {entry.detail ? <span class="detail mono">{entry.detail}</span> : null}
        </li>
      );
    case 'out':
      return (
        <li class={toneOf(entry)}>
          Event out <code>{entry.type}</code> <StatusBadge status={entry.status} /> <span class="when">{when}</span>
          {entry.attempts.length > 0 ? (
            <ol class="attempts" aria-label="Delivery attempts">
              {entry.attempts.map((t) => (
                <li>
                  <When date={t.at} dates={view.dates} /> <StatusBadge status={t.outcome} />
                  {t.detail ? <span class="detail mono">{t.detail}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <span class="detail">Not tried yet</span>
          )}
        </li>
      );
  }
}

export function Timeline({ entries, view }: { entries: TimelineEntry[]; view: View }) {
  return (
    <section id="timeline" aria-labelledby="timeline-title" data-live>
      <h2 id="timeline-title">Timeline</h2>
      <p class="hint">Oldest first, in the order the service recorded it.</p>
      <ol class="timeline">
        {entries.map((entry) => (
          <Entry entry={entry} view={view} />
        ))}
      </ol>
    </section>
  );
}

const doneMessages: Record<string, string> = {
  contacts: 'The contacts are corrected. Emails still waiting go to the recipient now shown.',
  resend: 'The activation email is on its way again. It is in the timeline below.',
  cancel: 'The activation is canceled, and every email still waiting with it.',
};

function Facts({ a }: { a: ActivationWithHistory }) {
  return (
    <div class="cards">
      <section class="card" aria-labelledby="process">
        <h2 id="process">Process</h2>
        <dl class="facts">
          <dt>Scenario</dt>
          <dd>{scenarioLabel[a.scenario]}</dd>
          <dt>Offers</dt>
          <dd>
            {offeredOptions(a.scenario)
              .map((o) => optionLabel[o])
              .join('; ')}
          </dd>
          <dt>State</dt>
          <dd>
            <StatusBadge status={a.state} />
            {a.needsAttention ? <span class="detail">Needs attention</span> : null}
          </dd>
          <dt>Choice</dt>
          <dd>
            {a.choice ? (
              <>
                <strong>{optionLabel[a.choice.option]}</strong>
                <span class="detail">
                  Final: the choice is one-time and irreversible. Online Services ID {a.choice.onlineServicesId}
                  {a.choice.tenantDomain ? `, tenant ${a.choice.tenantDomain}` : ''}.
                </span>
              </>
            ) : (
              'Not made yet'
            )}
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="recipient">
        <h2 id="recipient">Recipient</h2>
        <dl class="facts">
          <dt>Emails go to</dt>
          <dd>
            {a.recipient.email || '(erased)'}
            <span class="detail">resolved from the {roleLabel[a.recipient.role]}</span>
          </dd>
          {(['onlineServicesManager', 'vlscAdministrator', 'noticesContact'] as const).map((field, i) => {
            const contact = a.enrollment[field];
            const label = Object.values(roleLabel)[i];
            return (
              <>
                <dt>{label}</dt>
                <dd>{contact ? `${contact.name ? `${contact.name} ` : ''}<${contact.email}>` : 'none'}</dd>
              </>
            );
          })}
        </dl>
      </section>
    </div>
  );
}

function FollowUps({ a, view }: { a: ActivationWithHistory; view: View }) {
  const waiting = a.emails.filter((e) => e.status === 'scheduled' || e.status === 'queued');
  return (
    <section aria-labelledby="follow-ups">
      <h2 id="follow-ups">Follow-ups</h2>
      {waiting.length === 0 ? (
        <p>No email is waiting to go out.</p>
      ) : (
        <ul>
          {waiting.map((e) => (
            <li>
              <a href={`/console/emails/${e.id}`}>{e.purpose}</a> to {e.to.join(', ') || '(erased)'},{' '}
              {e.scheduledAt ? (
                <>
                  due <When date={e.scheduledAt} dates={view.dates} />
                </>
              ) : (
                'going out now'
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Emails({ a, view }: { a: ActivationWithHistory; view: View }) {
  return (
    <section aria-labelledby="emails">
      <h2 id="emails">Emails ({a.emails.length})</h2>
      <StackTable
        columns={[
          { label: 'Email', cell: (e) => <a href={`/console/emails/${e.id}`}>{e.purpose}</a> },
          { label: 'Status', cell: (e) => <StatusBadge status={e.status} /> },
          { label: 'To', cell: (e) => e.to.join(', ') || '(erased)' },
          { label: 'Accepted', cell: (e) => <When date={e.createdAt} dates={view.dates} /> },
        ]}
        rows={a.emails}
      />
    </section>
  );
}

const actionLabel: Record<ActionName, string> = {
  contacts: 'Correct the contacts…',
  resend: 'Send the activation email again…',
  cancel: 'Cancel the activation…',
};

function Actions({ a, view, offered }: { a: ActivationWithHistory; view: View; offered: ActionName[] }) {
  const allowed = may(view.identity, 'activations');
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">Actions</h2>
      {offered.length === 0 ? (
        <p>
          {a.state === 'canceled'
            ? 'The activation is canceled: nothing more can happen to it. Start a new one for the enrollment.'
            : 'Nothing can be done to it from here.'}
        </p>
      ) : !allowed ? (
        <p>
          The key you signed in with ({view.identity.name}) lacks the "activations" scope that acting on an activation
          needs.
        </p>
      ) : (
        <div class="actions">
          {offered.map((name) => (
            <a
              class={`button ${name === 'cancel' ? 'danger' : 'secondary'}`}
              href={`/console/activations/${a.id}/${name}`}
            >
              {actionLabel[name]}
            </a>
          ))}
        </div>
      )}
      {a.choice && !offered.includes('resend') ? (
        <p class="hint">There is no activation email to send again: its choice is made.</p>
      ) : null}
    </section>
  );
}

export function mountActivationPage(app: App, kit: Kit): void {
  const { store } = kit.deps;
  app.get(
    '/console/activations/:id',
    kit.page('read', async (c, view) => {
      const id = c.req.param('id') ?? '';
      const a = UUID.test(id) ? await store.getActivation(id.toLowerCase()) : undefined;
      if (!a) return kit.problemPage(c, 404, 'No such activation', `There is no activation with id ${id}.`, view);
      const timeline = await store.activationTimeline(a.id);
      const done = c.req.query('done');
      const message = done ? doneMessages[done] : undefined;
      return kit.render(
        c,
        200,
        <Page title={`Enrollment ${a.enrollment.number}`} view={view} tz={view.dates.timeZone}>
          <p>
            <a href="/console/activations">Activations</a>
          </p>
          <h1>
            Enrollment {a.enrollment.number} · {a.enrollment.organizationName}
          </h1>
          {message ? (
            <Notice tone="good">
              <p>
                {message}
                {c.req.query('replayed') ? ' (This was already done: the form was sent twice.)' : ''}
              </p>
            </Notice>
          ) : null}
          <Facts a={a} />
          <Actions a={a} view={view} offered={offeredActions(a, kit)} />
          <FollowUps a={a} view={view} />
          <Emails a={a} view={view} />
          <Timeline entries={timeline} view={view} />
        </Page>,
      );
    }),
  );
}
