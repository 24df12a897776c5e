import { Heading, Section, Text } from 'react-email';
import { z } from 'zod';
import { httpsUrl, type LinkPolicy, organizationName, recipientName, services, singleLine } from './_catalog/fields.ts';
import { defaultLocale, type Locale } from './_catalog/locales.ts';
import { Callout, CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { Prerendered } from './_components/prerendered.tsx';
import { fill } from './_components/rich.tsx';
import { cls, heading, mutedText, subheading, text } from './_components/theme.ts';
import { offersOption, optionIds, options, type ScenarioId, scenarioIds } from './_domain/activation.ts';
import { type Brand, defaultBrand } from './_domain/brand.ts';
import { joinSentences } from './_messages/grammar.ts';
import { localizedFacts } from './_messages/index.ts';

export const description =
  'Sent when the Volume Licensing order is entered: offers the scenario’s Sign In / Sign Up options. With `reminder: true`, the same email as a reminder.';

/**
 * One object per scenario, so the schema itself says which option links each one needs:
 * a link for an option the scenario does not offer is refused, never silently dropped.
 */
export interface ActivationData {
  scenario: ScenarioId;
  organizationName: string;
  recipientName?: string | undefined;
  enrollmentNumber?: string | undefined;
  services?: string[] | undefined;
  /** Present exactly when the scenario offers Sign In. */
  signInUrl?: string | undefined;
  /** Present exactly when the scenario offers Sign Up. */
  signUpUrl?: string | undefined;
  /** A reminder of an activation email already sent: same options and links, said to be a reminder. */
  reminder?: boolean | undefined;
}

const en = localizedFacts('en-US');

export const makeSchema = (links: LinkPolicy = {}): z.ZodType<ActivationData> => {
  const variant = (scenario: ScenarioId) => {
    const urls = Object.fromEntries(
      optionIds
        .filter((o) => offersOption(scenario, o))
        .map((o) => [
          options[o].urlField,
          httpsUrl(links).meta({
            description: `Where the ${options[o].urlField === 'signInUrl' ? 'Sign In' : 'Sign Up'} button leads`,
          }),
        ]),
    );
    const offered = en.scenarios[scenario].offers.map((o) => o.title);
    return z.strictObject(
      {
        scenario: z.literal(scenario).meta({ description: 'The customer’s situation: it decides the options offered' }),
        organizationName: organizationName(links),
        recipientName: recipientName(links),
        enrollmentNumber: singleLine(40, links)
          .meta({ description: 'The enrollment number, shown in the email' })
          .optional(),
        services: services(links).optional(),
        reminder: z
          .boolean({ error: 'must be true or false' })
          .meta({ description: '`true`: the same email, said to be a reminder' })
          .optional(),
        ...urls,
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `is not a field of scenario "${scenario}", which offers ${offered.join(' and ')}${offered.length === 1 ? ' only' : ''}`
            : undefined,
      },
    );
  };
  return z.discriminatedUnion(
    'scenario',
    [variant('new-customer'), variant('trial-customer'), variant('bypass-customer')],
    { error: `scenario must be one of: ${scenarioIds.join(', ')}` },
  );
};

export const schema = makeSchema();

export const subject = (data: ActivationData, brand: Brand = defaultBrand, locale: Locale = defaultLocale) => {
  const m = localizedFacts(locale).messages.email;
  const subject = m.activation.subject({ product: brand.product, org: data.organizationName });
  return data.reminder ? m.reminderSubject(subject) : subject;
};

export const previews = {
  'new-customer': {
    scenario: 'new-customer',
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    enrollmentNumber: '61234567',
    services: ['Exchange Online (Plan 1)', 'SharePoint Online (Plan 2)'],
    signUpUrl: 'https://activation.example.com/sign-up?token=new-1234',
  },
  'trial-customer': {
    scenario: 'trial-customer',
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    enrollmentNumber: '62345678',
    services: ['Office 365 (Plan E3)'],
    signInUrl: 'https://activation.example.com/sign-in?token=trial-5678',
    signUpUrl: 'https://activation.example.com/sign-up?token=trial-5678',
  },
  'bypass-customer': {
    scenario: 'bypass-customer',
    organizationName: 'Northwind Traders',
    signInUrl: 'https://activation.example.com/sign-in?token=bypass-9012',
    signUpUrl: 'https://activation.example.com/sign-up?token=bypass-9012',
  },
  reminder: {
    scenario: 'trial-customer',
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    enrollmentNumber: '62345678',
    signInUrl: 'https://activation.example.com/sign-in?token=trial-5678',
    signUpUrl: 'https://activation.example.com/sign-up?token=trial-5678',
    reminder: true,
  },
} satisfies Record<ScenarioId | 'reminder', ActivationData>;

/** Variants that show an operator's own follow-up rather than a step of the process (see the catalog). */
export const operatorFollowUps = ['reminder'] as const satisfies readonly (keyof typeof previews)[];

export type ActivationProps = ActivationData & { brand?: Brand; locale?: Locale };

export function Activation({ brand = defaultBrand, locale = defaultLocale, ...data }: ActivationProps) {
  const facts = localizedFacts(locale);
  const m = facts.messages.email;
  const scenario = facts.scenarios[data.scenario];
  const org = <strong>{data.organizationName}</strong>;
  return (
    <EmailLayout
      brand={brand}
      facts={facts}
      title={subject(data, brand, locale)}
      preview={m.activation.preview({
        product: brand.product,
        org: data.organizationName,
        single: scenario.offers.length === 1,
      })}
    >
      <Prerendered id={`activation-heading:${locale}`}>
        <Heading as="h1" className={cls.text} style={heading}>
          {m.activation.heading({ product: brand.product })}
        </Heading>
      </Prerendered>
      <Greeting greeting={m.greeting(data.recipientName)} />
      {data.reminder ? <Callout>{m.activation.reminder}</Callout> : null}
      <Text className={cls.text} style={text}>
        {data.enrollmentNumber
          ? fill(m.activation.orderEnteredWithEnrollment, { org, enrollment: data.enrollmentNumber }, facts)
          : fill(m.activation.orderEntered, { org }, facts)}
      </Text>
      {data.services?.length ? (
        <>
          <Text className={cls.text} style={{ ...text, margin: '0 0 8px' }}>
            {m.activation.services}
          </Text>
          <ul className={cls.text} style={{ ...text, paddingLeft: '24px' }}>
            {data.services.map((service) => (
              <li key={service}>{service}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Prerendered id={`activation-who:${locale}:${data.scenario}`}>
        <Text className={cls.muted} style={mutedText}>
          {scenario.who}
        </Text>
        <Callout>{scenario.warning}</Callout>
      </Prerendered>
      {scenario.offers.map((offer) => {
        const href = data[options[offer.option].urlField];
        if (!href) return null;
        return (
          <Section key={offer.option} style={{ margin: '0 0 8px' }}>
            <Prerendered id={`activation-offer:${locale}:${data.scenario}:${offer.option}`}>
              <Text className={cls.text} style={subheading}>
                {offer.title}
              </Text>
              <Text className={cls.text} style={{ ...text, margin: '0 0 8px' }}>
                {offer.outcome}
              </Text>
            </Prerendered>
            <CtaButton href={href} orOpenLink={m.orOpenLink}>
              {offer.cta}
            </CtaButton>
          </Section>
        );
      })}
      <Prerendered id={`activation-end:${locale}:${data.scenario}`}>
        {scenario.notFor ? (
          <Text className={cls.muted} style={mutedText}>
            {joinSentences(locale, scenario.notFor.sentence, scenario.notFor.advice)}
          </Text>
        ) : null}
        {offersOption(data.scenario, 'sign-in') ? (
          <Text className={cls.muted} style={mutedText}>
            {facts.support(brand).forgotCredentials}
          </Text>
        ) : null}
        <Text className={cls.muted} style={mutedText}>
          {m.activation.whyYou}
        </Text>
      </Prerendered>
    </EmailLayout>
  );
}

Activation.PreviewProps = previews['new-customer'] satisfies ActivationProps;

export default Activation;
