import { describe, expect, it } from 'vitest';
import { canceledByChoice, planFollowUps } from '../../../server/activations/follow-ups.ts';

/** When follow-ups go out, and what a choice cancels: pure, the time passed in. */

describe('follow-ups', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  const policy = { reminderDays: [7, 14], trialNoticeDays: 7 };

  it('plans reminders after each configured day, and no trial notice outside a trial', () => {
    expect(planFollowUps(policy, { scenario: 'new-customer' }, now)).toEqual([
      { purpose: 'reminder', at: new Date('2026-12-08T09:00:00Z') },
      { purpose: 'reminder', at: new Date('2026-12-15T09:00:00Z') },
    ]);
    expect(planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'bypass-customer' }, now)).toEqual([]);
  });

  it('plans the trial notice TRIAL_NOTICE_DAYS before the end, or now when that has passed', () => {
    expect(
      planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'trial-customer', trialEndsOn: '2026-12-24' }, now),
    ).toEqual([
      { purpose: 'trial-ending', at: new Date('2026-12-17T00:00:00Z') },
      { purpose: 'trial-ended', at: new Date('2026-12-25T00:00:00Z') },
    ]);
    expect(
      planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'trial-customer', trialEndsOn: '2026-12-03' }, now),
    ).toEqual([
      { purpose: 'trial-ending', at: now },
      { purpose: 'trial-ended', at: new Date('2026-12-04T00:00:00Z') },
    ]);
  });

  it('a choice cancels the reminders; Sign In also the trial notice', () => {
    expect(canceledByChoice('sign-up')).toEqual(['reminder', 'trial-ended']);
    expect(canceledByChoice('sign-in')).toEqual(['reminder', 'trial-ending', 'trial-ended']);
  });
});
