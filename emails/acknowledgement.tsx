import { Heading, Text } from 'react-email';
import { z } from 'zod';
import {
  emailAddress,
  httpsUrl,
  type LinkPolicy,
  organizationName,
  recipientName,
  tenantDomain,
} from './_catalog/fields.ts';
import { defaultLocale, type Locale } from './_catalog/locales.ts';
import { CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { fill } from './_components/rich.tsx';
import { cls, heading, mutedText, text } from './_components/theme.ts';
import { type AcknowledgementKind, acknowledgementKinds } from './_domain/activation.ts';
import { type Brand, defaultBrand } from './_domain/brand.ts';
import { localizedFacts } from './_messages/index.ts';

export const description =
  'Sent after Sign Up (profile-created) or Sign In (tenant-associated): confirms what happened and what comes next.';

export const makeSchema = (links: LinkPolicy = {}) =>
  z.strictObject({
    kind: z.enum(acknowledgementKinds, { error: `kind must be one of: ${acknowledgementKinds.join(', ')}` }).meta({
      description: 'What happened: `profile-created` (after Sign Up) or `tenant-associated` (after Sign In)',
    }),
    organizationName: organizationName(links),
    recipientName: recipientName(links),
    onlineServicesId: emailAddress().meta({
      description: 'The Microsoft Online Services ID the customer signed in or up with (their sign-in name)',
    }),
    tenantDomain: tenantDomain().optional(),
    subscriptionsUrl: httpsUrl(links)
      .meta({ description: 'Where the customer reviews their subscriptions' })
      .optional(),
  });

export const schema = makeSchema();
export type AcknowledgementData = z.infer<typeof schema>;

export const subject = (data: AcknowledgementData, _brand: Brand = defaultBrand, locale: Locale = defaultLocale) => {
  const m = localizedFacts(locale).messages.email.acknowledgement;
  return m.subject({ headline: m.headline[data.kind], org: data.organizationName });
};

export const previews = {
  'profile-created': {
    kind: 'profile-created',
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    onlineServicesId: 'admin@contoso.onmicrosoft.com',
    tenantDomain: 'contoso.onmicrosoft.com',
    subscriptionsUrl: 'https://portal.example.com/subscriptions',
  },
  'tenant-associated': {
    kind: 'tenant-associated',
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    onlineServicesId: 'ravi@fabrikam.onmicrosoft.com',
    tenantDomain: 'fabrikam.onmicrosoft.com',
  },
} satisfies Record<AcknowledgementKind, AcknowledgementData>;

export type AcknowledgementProps = AcknowledgementData & { brand?: Brand; locale?: Locale };

export function Acknowledgement({ brand = defaultBrand, locale = defaultLocale, ...data }: AcknowledgementProps) {
  const facts = localizedFacts(locale);
  const m = facts.messages.email;
  const a = m.acknowledgement;
  const headline = a.headline[data.kind];
  const slots = { org: <strong>{data.organizationName}</strong>, id: <strong>{data.onlineServicesId}</strong> };
  const domain = data.tenantDomain ? <strong>{data.tenantDomain}</strong> : undefined;
  const created = data.kind === 'profile-created';
  return (
    <EmailLayout brand={brand} facts={facts} title={subject(data, brand, locale)} preview={a.preview({ headline })}>
      <Heading as="h1" className={cls.text} style={heading}>
        {headline}
      </Heading>
      <Greeting greeting={m.greeting(data.recipientName)} />
      <Text className={cls.text} style={text}>
        {created
          ? domain
            ? fill(a.createdWithDomain, { ...slots, domain }, facts)
            : fill(a.created, slots, facts)
          : domain
            ? fill(a.associatedWithDomain, { ...slots, domain }, facts)
            : fill(a.associated, slots, facts)}
      </Text>
      <Text className={cls.text} style={text}>
        <strong>{a.nextLabel}</strong> {a.next}
      </Text>
      {data.subscriptionsUrl ? (
        <CtaButton href={data.subscriptionsUrl} orOpenLink={m.orOpenLink}>
          {a.review}
        </CtaButton>
      ) : null}
      <Text className={cls.muted} style={mutedText}>
        {a.idNote}
      </Text>
    </EmailLayout>
  );
}

Acknowledgement.PreviewProps = previews['profile-created'] satisfies AcknowledgementProps;

export default Acknowledgement;
