import { Heading, Text } from 'react-email';
import { z } from 'zod';
import { httpsUrl, isoDate, type LinkPolicy, organizationName, recipientName } from './_catalog/fields.ts';
import { defaultLocale, type Locale } from './_catalog/locales.ts';
import { Callout, CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { fill } from './_components/rich.tsx';
import { cls, heading, mutedText, text } from './_components/theme.ts';
import { TRIAL_DAYS } from './_domain/activation.ts';
import { type Brand, defaultBrand } from './_domain/brand.ts';
import { localizedFacts } from './_messages/index.ts';

export const description = `Sent before a ${TRIAL_DAYS}-day trial’s data is deleted: how to convert and keep it. With \`ended: true\`, the notice once the trial has ended and no option is chosen: it offers no option and sends the customer to support.`;

/**
 * Two forms, told apart by `ended`: before the end, the notice with its Sign In link
 * (`convertUrl`); once the trial has ended, a notice without any option, since the process says
 * nothing of what the options keep then. A link given with `ended: true` is refused, never dropped.
 */
export interface TrialEndingData {
  organizationName: string;
  recipientName?: string | undefined;
  /** The trial's last day. */
  trialEndsOn: string;
  ended?: boolean | undefined;
  /** Present exactly when the trial has not ended: where Sign In converts the trial. */
  convertUrl?: string | undefined;
}

export const makeSchema = (links: LinkPolicy = {}): z.ZodType<TrialEndingData> => {
  const common = { organizationName: organizationName(), recipientName: recipientName(), trialEndsOn: isoDate() };
  return z.discriminatedUnion(
    'ended',
    [
      z.strictObject({
        ...common,
        ended: z.literal(false).optional(),
        convertUrl: httpsUrl(links),
      }),
      z.strictObject(
        { ...common, ended: z.literal(true) },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? 'is not a field of the notice once the trial has ended, which offers no option'
              : undefined,
        },
      ),
    ],
    { error: 'ended must be true or false' },
  );
};

export const schema = makeSchema();

export const subject = (data: TrialEndingData, brand: Brand = defaultBrand, locale: Locale = defaultLocale) => {
  const facts = localizedFacts(locale);
  const t = facts.messages.email.trialEnding;
  const words = { product: brand.product, date: facts.formatDate(data.trialEndsOn), org: data.organizationName };
  return data.ended ? t.ended.subject(words) : t.subject(words);
};

export const previews = {
  default: {
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    trialEndsOn: '2026-12-15',
    convertUrl: 'https://activation.example.com/sign-in?token=trial-5678',
  },
  ended: {
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    trialEndsOn: '2026-12-15',
    ended: true,
  },
} satisfies Record<string, TrialEndingData>;

/** Variants that show an operator's own follow-up rather than a step of the process (see the catalog). */
export const operatorFollowUps = ['ended'] as const satisfies readonly (keyof typeof previews)[];

export type TrialEndingProps = TrialEndingData & { brand?: Brand; locale?: Locale };

export function TrialEnding({ brand = defaultBrand, locale = defaultLocale, ...data }: TrialEndingProps) {
  const facts = localizedFacts(locale);
  const m = facts.messages.email;
  const t = m.trialEnding;
  const date = facts.formatDate(data.trialEndsOn);
  const slots = {
    days: facts.formatNumber(TRIAL_DAYS),
    product: brand.product,
    org: <strong>{data.organizationName}</strong>,
    date: <strong>{date}</strong>,
  };
  if (data.ended || !data.convertUrl) {
    return (
      <EmailLayout brand={brand} facts={facts} title={subject(data, brand, locale)} preview={t.ended.preview({ date })}>
        <Heading as="h1" className={cls.text} style={heading}>
          {t.ended.heading({ date })}
        </Heading>
        <Greeting greeting={m.greeting(data.recipientName)} />
        <Text className={cls.text} style={text}>
          {fill(t.ended.body, slots, facts)}
        </Text>
        <Callout>{t.ended.support}</Callout>
      </EmailLayout>
    );
  }
  return (
    <EmailLayout brand={brand} facts={facts} title={subject(data, brand, locale)} preview={t.preview({ date })}>
      <Heading as="h1" className={cls.text} style={heading}>
        {t.heading({ date })}
      </Heading>
      <Greeting greeting={m.greeting(data.recipientName)} />
      <Text className={cls.text} style={text}>
        {fill(t.ends, slots, facts)}
      </Text>
      <Text className={cls.text} style={text}>
        {t.keep({ signIn: facts.optionTitle('sign-in'), signUp: facts.optionTitle('sign-up') })}
      </Text>
      <Callout>{facts.irreversibleWarning}</Callout>
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
