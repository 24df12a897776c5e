import { Heading, Section, Text } from '@react-email/components';
import { z } from 'zod';
import { httpsUrl, type LinkPolicy, organizationName, recipientName, singleLine } from './_catalog/fields.ts';
import { Callout, CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { heading, mutedText, subheading, text } from './_components/theme.ts';
import {
  type Brand,
  defaultBrand,
  IRREVERSIBLE_WARNING,
  offersOption,
  optionIds,
  options,
  optionTitle,
  type ScenarioId,
  scenarioIds,
  scenarios,
} from './_domain/activation.ts';

export const description =
  'Sent when the Volume Licensing order is entered: offers the scenario’s Sign In / Sign Up options.';

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
  /** The activation email sent again as a reminder: "Reminder" in the subject, the same options and links. */
  reminder?: boolean | undefined;
}

export const makeSchema = (links: LinkPolicy = {}): z.ZodType<ActivationData> => {
  const variant = (scenario: ScenarioId) => {
    const urls = Object.fromEntries(
      optionIds.filter((o) => offersOption(scenario, o)).map((o) => [options[o].urlField, httpsUrl(links)]),
    );
    return z.strictObject(
      {
        scenario: z.literal(scenario),
        organizationName: organizationName(),
        recipientName: recipientName(),
        enrollmentNumber: singleLine(40).optional(),
        services: z.array(singleLine(120)).max(20, { error: 'must list at most 20 services' }).optional(),
        reminder: z.boolean({ error: 'must be true or false' }).optional(),
        ...urls,
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `is not a field of scenario "${scenario}", which offers ${scenarios[scenario].offers.map((o) => optionTitle(o.option)).join(' and ')}${scenarios[scenario].offers.length === 1 ? ' only' : ''}`
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

export const subject = (data: ActivationData, brand: Brand = defaultBrand) =>
  `${data.reminder ? 'Reminder: ' : ''}Activate ${brand.product} for ${data.organizationName}`;

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
    scenario: 'new-customer',
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    enrollmentNumber: '61234567',
    signUpUrl: 'https://activation.example.com/sign-up?token=new-1234',
    reminder: true,
  },
} satisfies Record<ScenarioId | 'reminder', ActivationData>;

export type ActivationProps = ActivationData & { brand?: Brand };

export function Activation({ brand = defaultBrand, ...data }: ActivationProps) {
  const scenario = scenarios[data.scenario];
  const choice = scenario.offers.length > 1 ? 'Choose the option that fits you' : 'Activate with Sign Up';
  return (
    <EmailLayout
      brand={brand}
      preview={`${data.reminder ? 'Reminder: ' : ''}${choice}: ${data.organizationName}’s ${brand.product} order is ready to activate.`}
    >
      <Heading as="h1" style={heading}>
        Activate {brand.product}
      </Heading>
      <Greeting name={data.recipientName} />
      {data.reminder ? (
        <Text style={text}>
          This is a reminder: the activation below is still waiting for your choice. The options and links are the same
          as in the first email.
        </Text>
      ) : null}
      <Text style={text}>
        The Volume Licensing order for <strong>{data.organizationName}</strong>
        {data.enrollmentNumber ? ` (enrollment ${data.enrollmentNumber})` : ''} has been entered. To start using your
        online services, activate them from this email.
      </Text>
      {data.services?.length ? (
        <>
          <Text style={{ ...text, margin: '0 0 8px' }}>Services on this order:</Text>
          <ul style={{ ...text, paddingLeft: '24px' }}>
            {data.services.map((service) => (
              <li key={service}>{service}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Text style={mutedText}>{scenario.who}</Text>
      <Callout>
        <strong>One-time choice:</strong> {IRREVERSIBLE_WARNING}
      </Callout>
      {scenario.offers.map((offer) => {
        const href = data[options[offer.option].urlField];
        if (!href) return null;
        return (
          <Section key={offer.option} style={{ margin: '0 0 8px' }}>
            <Text style={subheading}>{optionTitle(offer.option)}</Text>
            <Text style={{ ...text, margin: '0 0 8px' }}>{offer.outcome}</Text>
            <CtaButton href={href}>{options[offer.option].label}</CtaButton>
          </Section>
        );
      })}
      {scenario.notFor ? <Text style={mutedText}>This path does not apply to {scenario.notFor}.</Text> : null}
      {offersOption(data.scenario, 'sign-in') ? (
        <Text style={mutedText}>
          Forgotten your existing account details? Contact support (below) to get your credentials before you sign in.
        </Text>
      ) : null}
      <Text style={mutedText}>
        You receive this email because you are named as a contact for online services on your organization’s Volume
        Licensing enrollment.
      </Text>
    </EmailLayout>
  );
}

Activation.PreviewProps = previews['new-customer'] satisfies ActivationProps;

export default Activation;
