import { Heading, Section, Text } from 'react-email';
import { z } from 'zod';
import {
  httpsUrl,
  type LinkPolicy,
  organizationName,
  recipientName,
  singleLine,
  subscriptions,
} from './_catalog/fields.ts';
import { defaultLocale, type Locale } from './_catalog/locales.ts';
import { CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { fill } from './_components/rich.tsx';
import { cls, colors, heading, mutedText, text } from './_components/theme.ts';
import { type Brand, defaultBrand } from './_domain/brand.ts';
import { localizedFacts } from './_messages/index.ts';

export const description = 'Sent when the services bought are provisioned: lists each subscription.';

export const makeSchema = (links: LinkPolicy = {}) =>
  z.strictObject({
    organizationName: organizationName(links),
    recipientName: recipientName(links),
    enrollmentNumber: singleLine(40, links)
      .meta({ description: 'The Volume Licensing enrollment number, so the customer can quote it to support' })
      .optional(),
    subscriptions: subscriptions(links),
    subscriptionsUrl: httpsUrl(links).meta({ description: 'Where the customer reviews their subscriptions' }),
  });

export const schema = makeSchema();
export type ProvisioningConfirmationData = z.infer<typeof schema>;

export const subject = (
  data: ProvisioningConfirmationData,
  _brand: Brand = defaultBrand,
  locale: Locale = defaultLocale,
) => localizedFacts(locale).messages.email.provisioning.subject({ org: data.organizationName });

export const previews = {
  default: {
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    enrollmentNumber: '61234567',
    subscriptions: [
      { service: 'SharePoint Online (Plan 2)', quantity: 250, startsOn: '2026-12-01', endsOn: '2029-11-30' },
      { service: 'Exchange Online (Plan 1)', quantity: 250, startsOn: '2026-12-01' },
    ],
    subscriptionsUrl: 'https://portal.example.com/subscriptions',
  },
} satisfies Record<string, ProvisioningConfirmationData>;

export type ProvisioningConfirmationProps = ProvisioningConfirmationData & { brand?: Brand; locale?: Locale };

/** One subscription per block, so the text version reads as well as the HTML. */
const item = { borderLeft: `4px solid ${colors.border}`, margin: '0 0 12px', padding: '4px 0 4px 12px' };

export function ProvisioningConfirmation({
  brand = defaultBrand,
  locale = defaultLocale,
  ...data
}: ProvisioningConfirmationProps) {
  const facts = localizedFacts(locale);
  const m = facts.messages.email;
  const p = m.provisioning;
  const count = data.subscriptions.length;
  const preview = p.preview[facts.plural(count) === 'one' ? 'one' : 'other'];
  const period = (startsOn?: string, endsOn?: string) => {
    if (startsOn && endsOn) return p.period.both({ from: facts.formatDate(startsOn), to: facts.formatDate(endsOn) });
    if (startsOn) return p.period.from(facts.formatDate(startsOn));
    if (endsOn) return p.period.until(facts.formatDate(endsOn));
    return '';
  };
  return (
    <EmailLayout
      brand={brand}
      facts={facts}
      title={subject(data, brand, locale)}
      preview={preview({ count: facts.formatNumber(count), org: data.organizationName })}
    >
      <Heading as="h1" className={cls.text} style={heading}>
        {p.heading}
      </Heading>
      <Greeting greeting={m.greeting(data.recipientName)} />
      <Text className={cls.text} style={text}>
        {fill(p.intro, { org: <strong>{data.organizationName}</strong> }, facts)}
      </Text>
      {data.subscriptions.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same service may be bought twice
        <Section key={i} className={cls.rule} style={item}>
          <Text className={cls.text} style={{ ...text, fontWeight: 700, margin: 0 }}>
            {s.service}
          </Text>
          <Text className={cls.muted} style={{ ...mutedText, margin: 0 }}>
            {p.quantity({ quantity: facts.formatNumber(s.quantity) })}
            {s.startsOn || s.endsOn ? ` · ${period(s.startsOn, s.endsOn)}` : ''}
          </Text>
        </Section>
      ))}
      <Text className={cls.text} style={text}>
        <strong>{p.nextLabel}</strong> {p.next}
      </Text>
      <CtaButton href={data.subscriptionsUrl} orOpenLink={m.orOpenLink}>
        {p.review}
      </CtaButton>
      <Text className={cls.muted} style={mutedText}>
        {data.enrollmentNumber
          ? fill(p.missingWithEnrollment, { enrollment: <strong>{data.enrollmentNumber}</strong> }, facts)
          : p.missing}
      </Text>
    </EmailLayout>
  );
}

ProvisioningConfirmation.PreviewProps = previews.default satisfies ProvisioningConfirmationProps;

export default ProvisioningConfirmation;
