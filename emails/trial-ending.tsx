import { Heading, Text } from '@react-email/components';
import { z } from 'zod';
import { httpsUrl, isoDate, type LinkPolicy, organizationName, recipientName } from './_catalog/fields.ts';
import { Callout, CtaButton, Greeting } from './_components/blocks.tsx';
import { formatDate } from './_components/format.ts';
import { EmailLayout } from './_components/layout.tsx';
import { heading, mutedText, text } from './_components/theme.ts';
import { type Brand, defaultBrand, IRREVERSIBLE_WARNING, optionTitle, TRIAL_DAYS } from './_domain/activation.ts';

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

export const subject = (data: TrialEndingData, brand: Brand = defaultBrand) =>
  `Your ${brand.product} trial ends on ${formatDate(data.trialEndsOn)}: ${data.organizationName}`;

export const previews = {
  default: {
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Ravi Patel',
    trialEndsOn: '2026-12-15',
    convertUrl: 'https://activation.example.com/sign-in?token=trial-5678',
  },
} satisfies Record<string, TrialEndingData>;

export type TrialEndingProps = TrialEndingData & { brand?: Brand };

export function TrialEnding({ brand = defaultBrand, ...data }: TrialEndingProps) {
  const endsOn = formatDate(data.trialEndsOn);
  return (
    <EmailLayout brand={brand} preview={`Convert before ${endsOn} to keep your trial data, settings and domain.`}>
      <Heading as="h1" style={heading}>
        Your trial ends on {endsOn}
      </Heading>
      <Greeting name={data.recipientName} />
      <Text style={text}>
        The {TRIAL_DAYS}-day {brand.product} trial of <strong>{data.organizationName}</strong> ends on{' '}
        <strong>{endsOn}</strong>. After it ends, the trial’s data is deleted: mailboxes, sites, documents, users and
        settings, and the onmicrosoft.com domain is released.
      </Text>
      <Text style={text}>
        <strong>To keep everything</strong>, convert the trial to your paid subscription with {optionTitle('sign-in')}:
        sign in with your existing Online Services ID and the trial becomes your paid subscription, data, settings and
        domain included. ({optionTitle('sign-up')} starts a new subscription and keeps none of the trial.)
      </Text>
      <Callout>
        <strong>One-time choice:</strong> {IRREVERSIBLE_WARNING}
      </Callout>
      <CtaButton href={data.convertUrl}>Sign In and keep my data</CtaButton>
      <Text style={mutedText}>
        Forgotten your Online Services ID or password? Contact support (below) for your credentials before the trial
        ends.
      </Text>
    </EmailLayout>
  );
}

TrialEnding.PreviewProps = previews.default satisfies TrialEndingProps;

export default TrialEnding;
