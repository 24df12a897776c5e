import { describe, expect, it } from 'vitest';
import {
  type EmailStatus,
  emailStatuses,
  type ProviderEventType,
  providerEventTypes,
  statusAfterEvent,
} from '../../../server/delivery/email-status.ts';

/**
 * What each provider event does to each status, written out as a table: events only move an
 * email forward, and a provider's evidence settles our own `failed` and `outcome_unknown`.
 * A dot: recorded, status unchanged.
 */

// Columns: sent, delivered, delivery_delayed, bounced, complained, opened, clicked, failed
const table: Record<EmailStatus, string> = {
  scheduled: '. . . . . . . .',
  queued: '. . . . . . . .',
  sending: 'sent delivered delivery_delayed bounced complained delivered delivered failed',
  sent: '. delivered delivery_delayed bounced complained delivered delivered failed',
  delivered: '. . . bounced complained . . .',
  delivery_delayed: '. delivered . bounced complained delivered delivered failed',
  bounced: '. . . . complained . . .',
  complained: '. . . . . . . .',
  failed: 'sent delivered delivery_delayed bounced complained delivered delivered .',
  outcome_unknown: 'sent delivered delivery_delayed bounced complained delivered delivered failed',
  canceled: '. . . . . . . .',
};

describe('statusAfterEvent', () => {
  it('covers every status and event', () => {
    expect(Object.keys(table).toSorted()).toEqual([...emailStatuses].toSorted());
    expect(providerEventTypes).toEqual([
      'sent',
      'delivered',
      'delivery_delayed',
      'bounced',
      'complained',
      'opened',
      'clicked',
      'failed',
    ]);
  });

  for (const status of emailStatuses) {
    const row = (table[status] ?? '').split(' ');
    providerEventTypes.forEach((event: ProviderEventType, i) => {
      const expected = row[i] === '.' ? undefined : row[i];
      it(`${status} + ${event} → ${expected ?? 'unchanged'}`, () => {
        expect(statusAfterEvent(status, event)).toBe(expected);
      });
    });
  }
});
