import { Heading, Section, Text } from '@react-email/components';
import { z } from 'zod';
import { httpsUrl, isoDate, type LinkPolicy, organizationName, recipientName, singleLine } from './_catalog/fields.ts';
import { CtaButton, Greeting } from './_components/blocks.tsx';
import { formatDate } from './_components/format.ts';
import { EmailLayout } from './_components/layout.tsx';
import { colors, heading, mutedText, text } from './_components/theme.ts';
import { type Brand, defaultBrand } from './_domain/activation.ts';

export const description = 'Sent when the services bought are provisioned: lists each subscription.';

export const makeSchema = (links: LinkPolicy = {}) =>
  z.strictObject({
    organizationName: organizationName(),
    recipientName: recipientName(),
    subscriptions: z
      .array(
        z
          .strictObject({
            service: singleLine(120),
            quantity: z
              .number({ error: 'must be a whole number' })
              .int({ error: 'must be a whole number' })
              .positive({ error: 'must be at least 1' })
              .max(10_000_000, { error: 'must be at most 10000000' }),
            startsOn: isoDate().optional(),
            endsOn: isoDate().optional(),
          })
          .refine((s) => !s.startsOn || !s.endsOn || s.startsOn <= s.endsOn, {
            error: 'endsOn must not be before startsOn',
            path: ['endsOn'],
          }),
      )
      .min(1, { error: 'must list at least 1 subscription' })
      .max(50, { error: 'must list at most 50 subscriptions' }),
    subscriptionsUrl: httpsUrl(links),
  });

export const schema = makeSchema();
export type ProvisioningConfirmationData = z.infer<typeof schema>;

export const subject = (data: ProvisioningConfirmationData, _brand: Brand = defaultBrand) =>
  `Your services are ready: ${data.organizationName}`;

export const previews = {
  default: {
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    subscriptions: [
      { service: 'SharePoint Online (Plan 2)', quantity: 250, startsOn: '2026-12-01', endsOn: '2029-11-30' },
      { service: 'Exchange Online (Plan 1)', quantity: 250, startsOn: '2026-12-01' },
    ],
    subscriptionsUrl: 'https://portal.example.com/subscriptions',
  },
} satisfies Record<string, ProvisioningConfirmationData>;

export type ProvisioningConfirmationProps = ProvisioningConfirmationData & { brand?: Brand };

/** One subscription per block, so the text version reads as well as the HTML. */
const item = { borderLeft: `4px solid ${colors.border}`, margin: '0 0 12px', padding: '4px 0 4px 12px' };

const period = (startsOn?: string, endsOn?: string) => {
  if (startsOn && endsOn) return `${formatDate(startsOn)} to ${formatDate(endsOn)}`;
  if (startsOn) return `from ${formatDate(startsOn)}`;
  if (endsOn) return `until ${formatDate(endsOn)}`;
  return '';
};

export function ProvisioningConfirmation({ brand = defaultBrand, ...data }: ProvisioningConfirmationProps) {
  const count = data.subscriptions.length;
  return (
    <EmailLayout
      brand={brand}
      preview={`${count} ${count === 1 ? 'subscription is' : 'subscriptions are'} provisioned for ${data.organizationName}.`}
    >
      <Heading as="h1" style={heading}>
        Your services are provisioned
      </Heading>
      <Greeting name={data.recipientName} />
      <Text style={text}>
        The services <strong>{data.organizationName}</strong> bought through Volume Licensing are provisioned and ready
        to use:
      </Text>
      {data.subscriptions.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same service may be bought twice
        <Section key={i} style={item}>
          <Text style={{ ...text, fontWeight: 700, margin: 0 }}>{s.service}</Text>
          <Text style={{ ...mutedText, margin: 0 }}>
            Quantity: {s.quantity.toLocaleString('en-US')}
            {s.startsOn || s.endsOn ? ` · ${period(s.startsOn, s.endsOn)}` : ''}
          </Text>
        </Section>
      ))}
      <Text style={text}>
        <strong>Next:</strong> review the subscriptions that were created, then open each one to check its volume
        license details.
      </Text>
      <CtaButton href={data.subscriptionsUrl}>Review your subscriptions</CtaButton>
      <Text style={mutedText}>Something missing or wrong? Contact support with your enrollment number.</Text>
    </EmailLayout>
  );
}

ProvisioningConfirmation.PreviewProps = previews.default satisfies ProvisioningConfirmationProps;

export default ProvisioningConfirmation;
