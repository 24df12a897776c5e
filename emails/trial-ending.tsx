import { Heading, Text } from 'react-email';
import { z } from 'zod';
import { httpsUrl, isoDate, type LinkPolicy, organizationName, recipientName } from './_catalog/fields.ts';
import { defaultLocale, type Locale } from './_catalog/locales.ts';
import { Callout, CtaButton, Greeting } from './_components/blocks.tsx';
import { type Brand, defaultBrand } from './_components/brand.ts';
import { EmailLayout } from './_components/layout.tsx';
import { fill } from './_components/rich.tsx';
import { cls, heading, mutedText, text } from './_components/theme.ts';
import { TRIAL_DAYS } from './_domain/activation.ts';
import { localizedFacts } from './_messages/index.ts';

export const description = `Sent before a ${TRIAL_DAYS}-day trial’s data is deleted: how to convert and keep it.`;

export const makeSchema = (links: LinkPolicy = {}) =>
  z.strictObject({
    organizationName: organizationName(),
    recipientName: recipientName(),
    trialEndsOn: isoDate(),
    convertUrl: httpsUrl(links),
  });

export const schema = makeSchema();
export type TrialEndingData = z.infer<typeof schema>;

export const subject = (data: TrialEndingData, brand: Brand = defaultBrand, locale: Locale = defaultLocale) => {
  const facts = localizedFacts(locale);
  return facts.messages.email.trialEnding.subject({
    product: brand.product,
    date: facts.formatDate(data.trialEndsOn),
    org: data.organizationName,
  });
};

export const previews = {
  default: {
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    trialEndsOn: '2026-12-15',
    convertUrl: 'https://activation.example.com/sign-in?token=trial-5678',
  },
} satisfies Record<string, TrialEndingData>;

export type TrialEndingProps = TrialEndingData & { brand?: Brand; locale?: Locale };

export function TrialEnding({ brand = defaultBrand, locale = defaultLocale, ...data }: TrialEndingProps) {
  const facts = localizedFacts(locale);
  const m = facts.messages.email;
  const t = m.trialEnding;
  const date = facts.formatDate(data.trialEndsOn);
  return (
    <EmailLayout brand={brand} facts={facts} title={subject(data, brand, locale)} preview={t.preview({ date })}>
      <Heading as="h1" className={cls.text} style={heading}>
        {t.heading({ date })}
      </Heading>
      <Greeting greeting={m.greeting(data.recipientName)} />
      <Text className={cls.text} style={text}>
        {fill(
          t.ends,
          {
            days: facts.formatNumber(TRIAL_DAYS),
            product: brand.product,
            org: <strong>{data.organizationName}</strong>,
            date: <strong>{date}</strong>,
          },
          facts,
        )}
      </Text>
      <Text className={cls.text} style={text}>
        {t.keep({ signIn: facts.optionTitle('sign-in'), signUp: facts.optionTitle('sign-up') })}
      </Text>
      <Callout>
        <strong>{facts.oneTimeChoice}</strong> {facts.irreversibleWarning}
      </Callout>
      <CtaButton href={data.convertUrl} orOpenLink={m.orOpenLink}>
        {t.cta}
      </CtaButton>
      <Text className={cls.muted} style={mutedText}>
        {t.forgot}
      </Text>
    </EmailLayout>
  );
}

TrialEnding.PreviewProps = previews.default satisfies TrialEndingProps;

export default TrialEnding;
