import { describe, expect, test } from 'vitest';
import {
  acknowledgementAfter,
  offeredOptions,
  offersOption,
  paths,
  resolveRecipient,
  scenarioIds,
  TRIAL_DAYS,
} from '../../emails/_domain/activation.ts';
import { defaultBrand } from '../../emails/_domain/brand.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';

const en = localizedFacts('en-US');
const { scenarios, optionTitle } = en;
const phoneLine = (brand = defaultBrand) => en.support(brand).phoneLine;

describe('scenario options', () => {
  test('a new customer can only Sign Up', () => {
    expect(offeredOptions('new-customer')).toEqual(['sign-up']);
    expect(offersOption('new-customer', 'sign-in')).toBe(false);
  });

  test('a trial customer may Sign In (keeps trial data) or Sign Up (starts anew)', () => {
    expect(offeredOptions('trial-customer')).toEqual(['sign-in', 'sign-up']);
    const [signIn, signUp] = scenarios['trial-customer'].offers;
    expect(signIn?.outcome).toMatch(/keeps your trial data, settings and existing onmicrosoft\.com domain/i);
    expect(signUp?.outcome).toMatch(/new subscription/i);
    expect(signUp?.outcome).toMatch(/not carried over/i);
  });

  test('a bypass customer may Sign In or Sign Up, and the path is not for BPOS-S trial customers', () => {
    expect(offeredOptions('bypass-customer')).toEqual(['sign-in', 'sign-up']);
    expect(scenarios['bypass-customer'].notFor?.who).toBe('BPOS-S trial customers');
    for (const id of scenarioIds.filter((s) => s !== 'bypass-customer')) expect(scenarios[id].notFor).toBeUndefined();
  });

  test('options are numbered as the email shows them', () => {
    expect(optionTitle('sign-in')).toBe('Option 1 – Sign In');
    expect(optionTitle('sign-up')).toBe('Option 2 – Sign Up');
  });

  test('each offer says what it keeps or starts, in one sentence', () => {
    for (const id of scenarioIds) {
      for (const offer of scenarios[id].offers) {
        expect(offer.outcome).toMatch(/^[A-Z].*\.$/);
        expect(offer.outcome).not.toMatch(/\.\s/);
      }
    }
  });
});

describe('steps', () => {
  test('Sign Up takes 8 steps with the profile acknowledgement at step 5 and provisioning at step 6', () => {
    expect(paths['sign-up']).toHaveLength(8);
    expect(paths['sign-up'][4]?.email).toEqual({ template: 'acknowledgement', variant: 'profile-created' });
    expect(paths['sign-up'][5]?.email?.template).toBe('provisioning-confirmation');
  });

  test('Sign In takes 6 steps with the tenant association acknowledgement at step 3', () => {
    expect(paths['sign-in']).toHaveLength(6);
    expect(paths['sign-in'][2]?.email).toEqual({ template: 'acknowledgement', variant: 'tenant-associated' });
    expect(paths['sign-in'][3]?.email?.template).toBe('provisioning-confirmation');
  });

  test('each option leads to its acknowledgement', () => {
    expect(acknowledgementAfter['sign-up']).toBe('profile-created');
    expect(acknowledgementAfter['sign-in']).toBe('tenant-associated');
  });

  test('a trial lasts 30 days', () => {
    expect(TRIAL_DAYS).toBe(30);
  });
});

describe('recipient resolution', () => {
  const osm = { name: 'Olive', email: 'osm@contoso.com' };
  const vlsc = { email: 'vlsc@contoso.com' };
  const notices = { email: 'notices@contoso.com' };

  test('the Online Services Manager comes first', () => {
    expect(resolveRecipient({ onlineServicesManager: osm, vlscAdministrator: vlsc, noticesContact: notices })).toEqual({
      role: 'online-services-manager',
      contact: osm,
    });
  });

  test('without an OSM, the VLSC Online Administrator', () => {
    expect(resolveRecipient({ vlscAdministrator: vlsc, noticesContact: notices })?.role).toBe('vlsc-administrator');
  });

  test('without either, the Notices Contact', () => {
    expect(resolveRecipient({ noticesContact: notices })?.role).toBe('notices-contact');
  });

  test('nobody named: nobody resolved', () => {
    expect(resolveRecipient({})).toBeUndefined();
  });
});

describe('support', () => {
  test('the seed support line is the default, in one line', () => {
    expect(phoneLine()).toBe('US and Canada: call 1-866-676-6546, option 2, 6 am to 6 pm PST, Monday to Friday.');
    expect(defaultBrand.supportPortalUrl).toMatch(/^https:\/\//);
    expect(defaultBrand.internationalSupportUrl).toMatch(/^https:\/\//);
  });
});
