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

export const description = `Sent before a ${TRIAL_DAYS}-day trial’s data is deleted: how to convert and keep it. With \`ended: true\`, the notice once the trial has ended and no option is chosen: it offers no option and sends the customer to support. With \`signedUp: true\`, the notice for a customer who chose Sign Up: the trial ends on its date and the new subscription does not carry over the trial’s data and settings; it offers no option.`;

/**
 * Three forms, told apart by `ended` and `signedUp`: before the end, the notice with its Sign In
 * link (`convertUrl`); once the trial has ended, a notice without any option, since the process
 * says nothing of what the options keep then; and, for a customer who chose Sign Up, a notice
 * without any option either, since the one-time choice is made and Sign In is no longer theirs to
 * take. A link given with `ended: true` or `signedUp: true` is refused, never dropped.
 */
export interface TrialEndingData {
  organizationName: string;
  recipientName?: string | undefined;
  /** The trial's last day. */
  trialEndsOn: string;
  ended?: boolean | undefined;
  /** The customer chose Sign Up: a wholly new subscription, which does not carry over the trial's data. */
  signedUp?: boolean | undefined;
  /** Present exactly in the notice that offers Sign In: where Sign In converts the trial. */
  convertUrl?: string | undefined;
}

export const makeSchema = (links: LinkPolicy = {}): z.ZodType<TrialEndingData> => {
  const common = {
    organizationName: organizationName(links),
    recipientName: recipientName(links),
    trialEndsOn: isoDate().meta({ description: 'The trial’s last day' }),
  };
  const notEnded = z.literal(false).optional().meta({ description: 'Left out or false: the trial has not ended' });
  const noOption = (notice: string) => ({
    error: (issue: { code: string }) =>
      issue.code === 'unrecognized_keys' ? `is not a field of ${notice}, which offers no option` : undefined,
  });
  return z.discriminatedUnion(
    'ended',
    [
      z.discriminatedUnion(
        'signedUp',
        [
          z.strictObject({
            ...common,
            ended: notEnded,
            signedUp: z
              .literal(false)
              .optional()
              .meta({ description: 'Left out or false: no option is chosen, and the notice offers Sign In' }),
            convertUrl: httpsUrl(links).meta({
              description: 'Where the customer converts the trial into a paid subscription',
            }),
          }),
          z.strictObject(
            {
              ...common,
              ended: notEnded,
              signedUp: z.literal(true).meta({
                description: 'The customer chose Sign Up: the notice offers no option, since the choice is made',
              }),
            },
            noOption('the notice after Sign Up'),
          ),
        ],
        { error: 'signedUp must be true or false' },
      ),
      z.strictObject(
        {
          ...common,
          ended: z.literal(true).meta({
            description:
              'The trial has ended with no option chosen: the notice offers none and sends the customer to support',
          }),
        },
        noOption('the notice once the trial has ended'),
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
  // The notice after Sign Up keeps the notice's subject: the trial still ends on its date.
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
  'signed-up': {
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    trialEndsOn: '2026-12-15',
    signedUp: true,
  },
} satisfies Record<string, TrialEndingData>;

/**
 * Variants that show an operator's own follow-up rather than a step of the process (see the
 * catalog): the notice once the trial has ended, and the notice after Sign Up (the guide's steps
 * for a trial customer who signs up are the new customer's, which name no trial notice).
 */
export const operatorFollowUps = ['ended', 'signed-up'] as const satisfies readonly (keyof typeof previews)[];

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
  if (data.signedUp && !data.ended) {
    const signUp = facts.optionLabel('sign-up');
    return (
      <EmailLayout
        brand={brand}
        facts={facts}
        title={subject(data, brand, locale)}
        preview={t.signedUp.preview({ date, signUp })}
      >
        <Heading as="h1" className={cls.text} style={heading}>
          {t.heading({ date })}
        </Heading>
        <Greeting greeting={m.greeting(data.recipientName)} />
        <Text className={cls.text} style={text}>
          {fill(t.signedUp.body, slots, facts)}
        </Text>
        <Text className={cls.text} style={text}>
          {t.signedUp.chose({ signUp })}
        </Text>
        <Text className={cls.text} style={text}>
          {t.signedUp.advised}
        </Text>
        <Text className={cls.muted} style={mutedText}>
          {t.signedUp.support}
        </Text>
      </EmailLayout>
    );
  }
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
