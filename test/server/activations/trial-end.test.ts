/**
 * The follow-up plan around a trial's end, property-based: for every offset of
 * ACTIVATION_REMINDER_DAYS and TRIAL_NOTICE_DAYS around `trialEndsOn` (and any time of day),
 * nothing due at or after the trial's end offers to keep the trial, the reminders before it all
 * go out, and once it has ended one notice sends the customer to support. What each follow-up
 * says is checked on the rendered emails, so the plan's rule and the words cannot drift apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEmail, templateSchema } from '../../../emails/_catalog/index.ts';
import { localizedFacts } from '../../../emails/_messages/index.ts';
import { previews as activationPreviews } from '../../../emails/activation.tsx';
import { activationData } from '../../../server/activations/email-data.ts';
import {
  canceledByChoice,
  DAY_MS,
  type FollowUpPurpose,
  offersToKeepTrial,
  planFollowUps,
  trialEnd,
} from '../../../server/activations/follow-ups.ts';

const en = localizedFacts('en-US');
/** The words that offer to keep the trial: the reminder's Sign In button, the trial-ending notice's. */
const keepTrial = [en.scenarios['trial-customer'].offers[0]?.cta ?? '', en.messages.email.trialEnding.cta];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Any moment of some day, and a trial whose last day is 0–60 days later. */
const creation = fc
  .record({
    day: fc.integer({ min: 0, max: 3650 }),
    msIntoDay: fc.integer({ min: 0, max: DAY_MS - 1 }),
    daysLeft: fc.integer({ min: 0, max: 60 }),
  })
  .map(({ day, msIntoDay, daysLeft }) => {
    const midnight = Date.UTC(2026, 0, 1) + day * DAY_MS;
    return { now: new Date(midnight + msIntoDay), trialEndsOn: isoDay(midnight + daysLeft * DAY_MS), daysLeft };
  });

/** Reminder days and notice days clustered around the days left (before, on and after the end), as the configuration allows. */
const policyAround = (daysLeft: number) =>
  fc.record({
    reminderDays: fc.uniqueArray(
      fc.oneof(fc.integer({ min: Math.max(1, daysLeft - 2), max: daysLeft + 2 }), fc.integer({ min: 1, max: 365 })),
      { maxLength: 10 },
    ),
    trialNoticeDays: fc.oneof(
      fc.integer({ min: Math.min(30, Math.max(0, daysLeft - 1)), max: Math.min(30, daysLeft + 1) }),
      fc.integer({ min: 0, max: 30 }),
    ),
  });

const cases = creation.chain((c) => policyAround(c.daysLeft).map((policy) => ({ ...c, policy })));

describe('follow-ups around the trial’s end (property)', () => {
  it('nothing due at or after the end offers to keep the trial', () => {
    fc.assert(
      fc.property(cases, ({ now, trialEndsOn, policy }) => {
        const end = trialEnd(trialEndsOn);
        for (const f of planFollowUps(policy, { scenario: 'trial-customer', trialEndsOn }, now)) {
          if (offersToKeepTrial(f.purpose, 'trial-customer')) expect(f.at.getTime()).toBeLessThan(end.getTime());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every reminder before the end goes out; past the end, one notice at the end and nothing else', () => {
    fc.assert(
      fc.property(cases, ({ now, trialEndsOn, policy }) => {
        const end = trialEnd(trialEndsOn).getTime();
        const plan = planFollowUps(policy, { scenario: 'trial-customer', trialEndsOn }, now);
        const due = policy.reminderDays.map((d) => now.getTime() + d * DAY_MS).filter((at) => at < end);
        expect(plan.filter((f) => f.purpose === 'reminder').map((f) => f.at.getTime())).toEqual(
          due.sort((a, b) => a - b),
        );
        expect(plan.filter((f) => f.at.getTime() >= end)).toEqual([{ purpose: 'trial-ended', at: new Date(end) }]);
        const notices = plan.filter((f) => f.purpose === 'trial-ending');
        expect(notices).toHaveLength(1);
        const noticeAt = end - DAY_MS - policy.trialNoticeDays * DAY_MS;
        expect(notices[0]?.at.getTime()).toBe(Math.max(now.getTime(), noticeAt));
        // In the order they fall due.
        const times = plan.map((f) => f.at.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 2000 },
    );
  });

  it('outside a trial, every reminder goes out and no trial notice does', () => {
    fc.assert(
      fc.property(
        cases,
        fc.constantFrom('new-customer' as const, 'bypass-customer' as const),
        ({ now, policy }, scenario) => {
          const plan = planFollowUps(policy, { scenario }, now);
          expect(plan.map((f) => f.purpose)).toEqual(policy.reminderDays.map(() => 'reminder'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a choice cancels what no longer applies: the trial-ended notice always, the trial-ending notice on Sign In', () => {
    expect(canceledByChoice('sign-in').sort()).toEqual(['reminder', 'trial-ended', 'trial-ending']);
    expect(canceledByChoice('sign-up').sort()).toEqual(['reminder', 'trial-ended']);
  });
});

describe('what each follow-up says, as rendered', () => {
  const trial = activationPreviews['trial-customer'];
  const record = {
    scenario: 'trial-customer' as const,
    enrollment: { number: trial.enrollmentNumber, organizationName: trial.organizationName },
    details: { signInUrl: trial.signInUrl, signUpUrl: trial.signUpUrl, trialEndsOn: '2026-12-20' },
  };
  const rendered: Record<FollowUpPurpose, () => Promise<string>> = {
    reminder: async () => (await renderEmail('activation', activationData(record, true))).text,
    'trial-ending': async () =>
      (
        await renderEmail(
          'trial-ending',
          templateSchema('trial-ending').parse({
            organizationName: trial.organizationName,
            trialEndsOn: '2026-12-20',
            convertUrl: trial.signInUrl,
          }),
        )
      ).text,
    'trial-ended': async () =>
      (
        await renderEmail(
          'trial-ending',
          templateSchema('trial-ending').parse({
            organizationName: trial.organizationName,
            trialEndsOn: '2026-12-20',
            ended: true,
          }),
        )
      ).text,
  };

  it.each(Object.keys(rendered) as FollowUpPurpose[])(
    '%s offers to keep the trial exactly when the plan says it does',
    async (purpose) => {
      const text = await rendered[purpose]();
      const offers = keepTrial.some((words) => text.includes(words));
      expect(offers).toBe(offersToKeepTrial(purpose, 'trial-customer'));
    },
  );

  it('the notice once the trial has ended sends the customer to support and claims nothing about the data', async () => {
    const text = await rendered['trial-ended']();
    expect(text).toContain(en.messages.email.trialEnding.ended.support);
    expect(text).not.toMatch(/deleted|keep your trial/i);
  });

  it('the issue’s case: a trial ending on 2026-12-20, created on 2026-12-07 with reminders after 7 and 14 days', () => {
    const plan = planFollowUps(
      { reminderDays: [7, 14], trialNoticeDays: 7 },
      { scenario: 'trial-customer', trialEndsOn: '2026-12-20' },
      new Date('2026-12-07T09:00:00Z'),
    );
    expect(plan.map((f) => [f.purpose, f.at.toISOString()])).toEqual([
      ['trial-ending', '2026-12-13T00:00:00.000Z'],
      ['reminder', '2026-12-14T09:00:00.000Z'],
      ['trial-ended', '2026-12-21T00:00:00.000Z'],
    ]);
  });
});
