/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { OptionId, RecipientRole, ScenarioId } from '../../emails/_domain/activation.ts';
import type { EmailPurpose } from '../store/index.ts';

/** Small pieces several views share: the names people read for ids, and paging links. */

export const scenarioLabel: Record<ScenarioId, string> = {
  'new-customer': 'New customer',
  'trial-customer': 'Trial customer',
  'bypass-customer': 'Bypass customer',
};

export const optionLabel: Record<OptionId, string> = {
  'sign-in': 'Option 1 – Sign In (an existing account)',
  'sign-up': 'Option 2 – Sign Up (a new profile)',
};

export const roleLabel: Record<RecipientRole, string> = {
  'online-services-manager': 'Online Services Manager',
  'vlsc-administrator': 'VLSC Online Administrator',
  'notices-contact': 'Notices Contact',
};

/** An activation's email by its purpose, with its article: "an activation email". */
export const purposeLabel: Record<EmailPurpose, string> = {
  activation: 'an activation email',
  reminder: 'a reminder',
  acknowledgement: 'an acknowledgement',
  'provisioning-confirmation': 'a provisioning confirmation',
  'trial-ending': 'a trial-ending notice',
  'trial-ended': 'a trial-ended notice',
};

/** A list's URL with its filters (empty ones left out) and, for a later page, the id to start before. */
export function pageLink(path: string, filters: Record<string, string | undefined>, before?: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (before) query.set('before', before);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function Pager({ first, older }: { first?: string | undefined; older?: string | undefined }) {
  if (!first && !older) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {first ? <a href={first}>Newest</a> : <span />}
      {older ? <a href={older}>Older</a> : null}
    </nav>
  );
}

export interface Column<Row> {
  /** The header, and the label a narrow screen shows before each cell (`short` if given). */
  label: string;
  short?: string;
  class?: string;
  cell: (row: Row) => Child;
}

/** A list of records as a table that stacks into labelled cards on a narrow screen. */
export function StackTable<Row>({ columns, rows }: { columns: Column<Row>[]; rows: readonly Row[] }) {
  return (
    <table class="stack">
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col">{column.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            {columns.map((column) => (
              <td data-label={column.short ?? column.label} class={column.class}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
