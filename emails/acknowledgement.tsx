import { Heading, Text } from '@react-email/components';
import { z } from 'zod';
import {
  emailAddress,
  httpsUrl,
  type LinkPolicy,
  organizationName,
  recipientName,
  singleLine,
} from './_catalog/fields.ts';
import { CtaButton, Greeting } from './_components/blocks.tsx';
import { EmailLayout } from './_components/layout.tsx';
import { heading, mutedText, text } from './_components/theme.ts';
import { type AcknowledgementKind, acknowledgementKinds, type Brand, defaultBrand } from './_domain/activation.ts';

export const description =
  'Sent after Sign Up (profile-created) or Sign In (tenant-associated): confirms what happened and what comes next.';

export const makeSchema = (links: LinkPolicy = {}) =>
  z.strictObject({
    kind: z.enum(acknowledgementKinds, { error: `kind must be one of: ${acknowledgementKinds.join(', ')}` }),
    organizationName: organizationName(),
    recipientName: recipientName(),
    onlineServicesId: emailAddress(),
    tenantDomain: singleLine(253)
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
        error: 'must be a domain name like contoso.onmicrosoft.com',
      })
      .optional(),
    subscriptionsUrl: httpsUrl(links).optional(),
  });

export const schema = makeSchema();
export type AcknowledgementData = z.infer<typeof schema>;

const headlines: Record<AcknowledgementKind, (data: AcknowledgementData) => string> = {
  'profile-created': () => 'Your account profile has been created',
  'tenant-associated': () => 'Your existing account is being linked to your Volume Licensing agreement',
};

export const subject = (data: AcknowledgementData, _brand: Brand = defaultBrand) =>
  `${headlines[data.kind](data)}: ${data.organizationName}`;

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

export type AcknowledgementProps = AcknowledgementData & { brand?: Brand };

export function Acknowledgement({ brand = defaultBrand, ...data }: AcknowledgementProps) {
  const created = data.kind === 'profile-created';
  return (
    <EmailLayout brand={brand} preview={`${headlines[data.kind](data)}. Your services are being provisioned next.`}>
      <Heading as="h1" style={heading}>
        {headlines[data.kind](data)}
      </Heading>
      <Greeting name={data.recipientName} />
      {created ? (
        <Text style={text}>
          The account profile for <strong>{data.organizationName}</strong> has been created and activated. Your
          Microsoft Online Services ID is <strong>{data.onlineServicesId}</strong>
          {data.tenantDomain ? (
            <>
              {' '}
              and your domain is <strong>{data.tenantDomain}</strong>
            </>
          ) : null}
          .
        </Text>
      ) : (
        <Text style={text}>
          You signed in as <strong>{data.onlineServicesId}</strong>. The existing account information of{' '}
          <strong>{data.organizationName}</strong>
          {data.tenantDomain ? (
            <>
              {' '}
              (<strong>{data.tenantDomain}</strong>)
            </>
          ) : null}{' '}
          is being associated with your Volume Licensing information. Its data, settings and domain stay as they are.
        </Text>
      )}
      <Text style={text}>
        <strong>What happens next:</strong> we are provisioning the services you bought. You will receive a provisioning
        confirmation listing each subscription as soon as they are ready.
      </Text>
      {data.subscriptionsUrl ? <CtaButton href={data.subscriptionsUrl}>Review your subscriptions</CtaButton> : null}
      <Text style={mutedText}>Keep your Online Services ID safe: your administrators sign in with it.</Text>
    </EmailLayout>
  );
}

Acknowledgement.PreviewProps = previews['profile-created'] satisfies AcknowledgementProps;

export default Acknowledgement;
