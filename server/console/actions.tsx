/** @jsxImportSource hono/jsx */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Command, type ContactRole, type Plan, transition } from '../activations/machine.ts';
import type { App } from '../http.ts';
import { ProblemError } from '../problem.ts';
import { contactsChangeSchema } from '../routes/activation-request.ts';
import { activationStepRunner } from '../routes/activations.ts';
import { UUID } from '../routes/params.ts';
import type { ActivationWithHistory, Contact } from '../store/index.ts';
import { When } from './dates.tsx';
import type { Form, Kit } from './kit.tsx';
import { Csrf, Notice, Page, type View } from './layout.tsx';
import { purposeLabel, roleLabel } from './parts.tsx';

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The console's actions on one activation: correct the contacts, send the activation email
 * again, cancel. Each is a confirmation page that says what will happen, computed by the same
 * rules that will carry it out (machine.ts), then a form post that runs the very step the API
 * runs (`activationStepRunner`: same validation, same Idempotency-Key shell, same transaction),
 * named on the timeline by who signed in. The form's idempotency key makes a second post of
 * the same page (a double click, a reload) answer as the first instead of acting twice.
 */

const roles: { field: ContactRole; label: string; id: string }[] = [
  { field: 'onlineServicesManager', label: roleLabel['online-services-manager'], id: 'osm' },
  { field: 'vlscAdministrator', label: roleLabel['vlsc-administrator'], id: 'vlsc' },
  { field: 'noticesContact', label: roleLabel['notices-contact'], id: 'notices' },
];

type ContactsChange = Partial<Record<ContactRole, Contact | null>>;

const KEY = /^[\x20-\x7e]{1,255}$/;

function IdempotencyKey() {
  return <input type="hidden" name="idempotencyKey" value={randomUUID()} />;
}

const describeContact = (c: Contact | undefined) => (c ? `${c.name ? `${c.name} ` : ''}<${c.email}>` : 'none');

/** What a planned step will do, in sentences a person checks before confirming. */
function Consequences({ a, plan, view, now }: { a: ActivationWithHistory; plan: Plan; view: View; now: Date }) {
  const canceled = a.emails.filter((e) => plan.cancel.ids.includes(e.id));
  const recipientChanges = plan.next.recipient.email !== a.recipient.email;
  return (
    <ul>
      {plan.next.state !== a.state ? (
        <li>
          The activation becomes <strong>{plan.next.state}</strong>.
        </li>
      ) : null}
      {plan.next.state === 'canceled' ? null : recipientChanges ? (
        <li>
          Its emails will go to <strong>{plan.next.recipient.email}</strong>, the {roleLabel[plan.next.recipient.role]}{' '}
          (instead of {a.recipient.email}).
        </li>
      ) : (
        <li>
          Its emails go to <strong>{a.recipient.email}</strong>, the {roleLabel[a.recipient.role]}.
        </li>
      )}
      {plan.emails.map((e) => (
        <li>
          <strong>{capitalized(purposeLabel[e.purpose])}</strong> goes to {plan.next.recipient.email}{' '}
          {e.at.getTime() > now.getTime() ? (
            <>
              due <When date={e.at} dates={view.dates} />, as before
            </>
          ) : (
            'now'
          )}
          .
        </li>
      ))}
      {canceled.length > 0 ? (
        <li>
          {canceled.length === 1 ? 'This email' : `These ${canceled.length} emails`}, still waiting, will not go out:{' '}
          {canceled.map((e, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {purposeLabel[e.purpose]}
              {e.scheduledAt ? (
                <>
                  {' '}
                  due <When date={e.scheduledAt} dates={view.dates} />
                </>
              ) : (
                ' about to go out'
              )}
            </>
          ))}
          .
        </li>
      ) : null}
      {a.needsAttention && !plan.next.needsAttention ? <li>“Needs attention” is cleared.</li> : null}
      {plan.outgoing.map((o) => (
        <li>
          Your systems hear of it: the event <code>{o.type}</code> goes out (when events out are configured).
        </li>
      ))}
    </ul>
  );
}

/** The form's contacts as the API's change body: a changed contact set, an emptied one removed, the rest left out. */
function changeOf(a: ActivationWithHistory, form: Form): ContactsChange {
  const change: ContactsChange = {};
  for (const { field, id } of roles) {
    const email = (form[`${id}-email`] ?? '').trim();
    const name = (form[`${id}-name`] ?? '').trim();
    const current = a.enrollment[field];
    if (!email) {
      if (current) change[field] = null;
      continue;
    }
    if (current?.email === email && (current.name ?? '') === name) continue;
    change[field] = name ? { name, email } : { email };
  }
  return change;
}

type FieldErrors = Record<string, string>;

function ContactsForm({
  a,
  view,
  values,
  errors,
  notice,
}: {
  a: ActivationWithHistory;
  view: View;
  values: Form;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  return (
    <Page title={`Correct the contacts · ${a.enrollment.number}`} view={view} tz={view.dates.timeZone}>
      <p>
        <a href={`/console/activations/${a.id}`}>Back to enrollment {a.enrollment.number}</a>
      </p>
      <h1>Correct the contacts of enrollment {a.enrollment.number}</h1>
      <p>
        This is the Contract Information Change Request for this activation. The emails go to the Online Services
        Manager; with none, to the VLSC Online Administrator; else to the Notices Contact. Empty an address to remove
        that contact. You will see what changes before anything is saved.
      </p>
      {notice ? (
        <Notice tone={Object.keys(errors).length > 0 ? 'bad' : 'info'}>
          <p>{notice}</p>
        </Notice>
      ) : null}
      <form method="post" action={`/console/activations/${a.id}/contacts`} novalidate>
        <Csrf view={view} />
        {roles.map(({ label, id }) => (
          <fieldset>
            <legend>{label}</legend>
            {(['name', 'email'] as const).map((part) => {
              const key = `${id}-${part}`;
              const error = errors[key];
              return (
                <div class="field">
                  <label for={key}>{part === 'name' ? 'Name' : 'Email address'}</label>
                  <input
                    id={key}
                    name={key}
                    type={part === 'email' ? 'email' : 'text'}
                    autocomplete="off"
                    value={values[key] ?? ''}
                    maxlength={part === 'email' ? 254 : 120}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? `${key}-error` : undefined}
                  />
                  {error ? (
                    <p id={`${key}-error`} class="field-error">
                      {error}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ))}
        <div class="actions">
          <button type="submit">Review the change</button>
          <a href={`/console/activations/${a.id}`}>Cancel</a>
        </div>
      </form>
    </Page>
  );
}

const valuesOf = (a: ActivationWithHistory): Form =>
  Object.fromEntries(
    roles.flatMap(({ field, id }) => [
      [`${id}-name`, a.enrollment[field]?.name ?? ''],
      [`${id}-email`, a.enrollment[field]?.email ?? ''],
    ]),
  );

/** zod's issues on `enrollment.<role>.<part>`, as the form's field names. */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const role = roles.find((r) => r.field === issue.path[1]);
    const part = issue.path[2] === 'name' ? 'name' : 'email';
    if (role) errors[`${role.id}-${part}`] ??= `This ${part === 'name' ? 'name' : 'address'} ${issue.message}.`;
  }
  return errors;
}

const titles: Record<'resend' | 'cancel' | 'contacts', string> = {
  resend: 'Send the activation email again',
  cancel: 'Cancel the activation',
  contacts: 'Confirm the new contacts',
};
const confirmLabels = { resend: 'Send it again', cancel: 'Cancel the activation', contacts: 'Save the contacts' };

function ConfirmPage(props: {
  name: 'resend' | 'cancel' | 'contacts';
  a: ActivationWithHistory;
  view: View;
  plan: Plan;
  now: Date;
  change?: ContactsChange | undefined;
}) {
  const { name, a, view, plan, now, change } = props;
  const action = `/console/activations/${a.id}/${name === 'contacts' ? 'contacts/confirm' : name}`;
  return (
    <Page title={`${titles[name]} · ${a.enrollment.number}`} view={view} tz={view.dates.timeZone}>
      <p>
        <a href={`/console/activations/${a.id}`}>Back to enrollment {a.enrollment.number}</a>
      </p>
      <h1>
        {titles[name]} · enrollment {a.enrollment.number}
      </h1>
      {change ? (
        <>
          <h2>The change</h2>
          <ul>
            {roles
              .filter(({ field }) => change[field] !== undefined)
              .map(({ field, label }) => (
                <li>
                  {label}: {describeContact(a.enrollment[field])} → {describeContact(change[field] ?? undefined)}
                </li>
              ))}
          </ul>
        </>
      ) : null}
      <h2>What will happen</h2>
      <Consequences a={a} plan={plan} view={view} now={now} />
      {name === 'contacts' ? (
        <p>Nothing is sent now. To send the activation email to the new recipient, send it again afterwards.</p>
      ) : null}
      {name === 'cancel' ? (
        <p>Canceling cannot be undone. The enrollment number is then free for a new activation.</p>
      ) : null}
      <form method="post" action={action} class="actions">
        <Csrf view={view} />
        <IdempotencyKey />
        {change ? <input type="hidden" name="change" value={JSON.stringify({ enrollment: change })} /> : null}
        <button type="submit" class={name === 'cancel' ? 'danger' : undefined}>
          {confirmLabels[name]}
        </button>
        <a href={`/console/activations/${a.id}`}>Go back without doing it</a>
      </form>
    </Page>
  );
}

const commandOf = { resend: { type: 'resend' }, cancel: { type: 'cancel' } } as const satisfies Record<string, Command>;
/** The route names the API's Idempotency-Keys are taken under, for the same steps. */
const routeNameOf = { resend: 'POST resend', cancel: 'POST cancel', contacts: 'PATCH' } as const;

export function mountActions(app: App, kit: Kit): void {
  const { store, clock, followUps } = kit.deps;
  const { run } = activationStepRunner(kit.deps);

  /** The activation of the path, or the page that says there is none. */
  const load = async (c: Context, view: View): Promise<ActivationWithHistory | Response> => {
    const id = c.req.param('id') ?? '';
    const a = UUID.test(id) ? await store.getActivation(id.toLowerCase()) : undefined;
    return a ?? kit.problemPage(c, 404, 'No such activation', `There is no activation with id ${id}.`, view);
  };

  const notNow = (c: Context, view: View, a: ActivationWithHistory, detail: string) =>
    kit.problemPage(c, 409, 'Not possible now', `Enrollment ${a.enrollment.number}: ${detail}`, view);

  /** Runs the step as the API would for this person, then shows the activation with what happened. */
  async function perform(
    c: Context,
    view: View,
    form: Form,
    id: string,
    name: keyof typeof routeNameOf,
    body: unknown,
    command: Command,
  ): Promise<Response> {
    const key = form.idempotencyKey;
    if (!key || !KEY.test(key)) {
      return kit.problemPage(c, 400, 'Refused', 'The form is incomplete (no idempotency key); nothing was done.', view);
    }
    const caller = { scope: `console:${view.identity.name}`, key, actor: `${view.identity.name} (console)` };
    try {
      const outcome = await run(caller, id, routeNameOf[name], body, command);
      return c.redirect(
        `/console/activations/${outcome.body.id}?done=${name}${outcome.replayed ? '&replayed=1' : ''}`,
        303,
      );
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      const { status, title, detail } = err.problem;
      return kit.problemPage(c, status as ContentfulStatusCode, title, `${detail} Nothing was done.`, view);
    }
  }

  for (const name of ['resend', 'cancel'] as const) {
    app.get(
      `/console/activations/:id/${name}`,
      kit.page('activations', async (c, view) => {
        const a = await load(c, view);
        if (a instanceof Response) return a;
        const now = clock();
        const outcome = transition(a, commandOf[name], { now, followUps });
        if (outcome.kind === 'refused') return notNow(c, view, a, outcome.detail);
        if (outcome.kind === 'unchanged') return notNow(c, view, a, 'it is already canceled.');
        return kit.render(c, 200, <ConfirmPage name={name} a={a} view={view} plan={outcome.plan} now={now} />);
      }),
    );
    app.post(
      `/console/activations/:id/${name}`,
      kit.action('activations', async (c, view, form) =>
        perform(c, view, form, c.req.param('id') ?? '', name, null, commandOf[name]),
      ),
    );
  }

  app.get(
    '/console/activations/:id/contacts',
    kit.page('activations', async (c, view) => {
      const a = await load(c, view);
      if (a instanceof Response) return a;
      if (a.state === 'canceled') return notNow(c, view, a, 'the activation is canceled.');
      return kit.render(c, 200, <ContactsForm a={a} view={view} values={valuesOf(a)} errors={{}} />);
    }),
  );

  // Review: the change checked by the API's own schema and planned by the rules; nothing stored yet.
  app.post(
    '/console/activations/:id/contacts',
    kit.action('activations', async (c, view, form) => {
      const a = await load(c, view);
      if (a instanceof Response) return a;
      const change = changeOf(a, form);
      const form422 = (errors: FieldErrors, notice: string) =>
        kit.render(c, 422, <ContactsForm a={a} view={view} values={form} errors={errors} notice={notice} />);
      if (Object.keys(change).length === 0) {
        return kit.render(
          c,
          200,
          <ContactsForm
            a={a}
            view={view}
            values={form}
            errors={{}}
            notice="Nothing changed: the contacts are as shown."
          />,
        );
      }
      const checked = contactsChangeSchema.safeParse({ enrollment: change });
      if (!checked.success) return form422(fieldErrors(checked.error.issues), 'Some fields need a correction.');
      const now = clock();
      const outcome = transition(a, { type: 'change-contacts', contacts: change }, { now, followUps });
      if (outcome.kind === 'refused' && outcome.reason === 'no-recipient') {
        return form422({ 'osm-email': 'Give at least one contact an address.' }, 'Nobody would receive the emails.');
      }
      if (outcome.kind === 'refused') return form422({}, outcome.detail);
      if (outcome.kind === 'unchanged') return notNow(c, view, a, 'nothing would change.');
      return kit.render(
        c,
        200,
        <ConfirmPage name="contacts" a={a} view={view} plan={outcome.plan} now={now} change={change} />,
      );
    }),
  );

  app.post(
    '/console/activations/:id/contacts/confirm',
    kit.action('activations', async (c, view, form) => {
      let body: unknown;
      try {
        body = JSON.parse(form.change ?? '');
      } catch {
        body = undefined;
      }
      const checked = contactsChangeSchema.safeParse(body);
      if (!checked.success)
        return kit.problemPage(c, 400, 'Refused', 'The change is not valid; nothing was done.', view);
      return perform(c, view, form, c.req.param('id') ?? '', 'contacts', body, {
        type: 'change-contacts',
        contacts: checked.data.enrollment,
      });
    }),
  );
}
