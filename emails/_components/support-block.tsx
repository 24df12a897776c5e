import { Link, Section, Text } from '@react-email/components';
import type { Brand } from '../_domain/activation.ts';
import { link, mutedText, subheading } from './theme.ts';

/** How to reach support: the online request, the phone line with its hours, international contacts. */
export function SupportBlock({ brand }: { brand: Brand }) {
  return (
    <Section style={{ padding: '24px 24px 8px' }}>
      <Text style={{ ...subheading, fontSize: '16px' }}>Need help?</Text>
      <Text style={mutedText}>
        Submit an online service request through the{' '}
        <Link href={brand.supportPortalUrl} style={link}>
          support portal
        </Link>
        .
      </Text>
      <Text style={mutedText}>
        {brand.phone.region}: call <strong>{brand.phone.number}</strong> and select option {brand.phone.option} (
        {brand.phone.hours}, {brand.phone.days}).
      </Text>
      <Text style={mutedText}>
        Outside the {brand.phone.region}? Find{' '}
        <Link href={brand.internationalSupportUrl} style={link}>
          local hours and contacts
        </Link>
        .
      </Text>
    </Section>
  );
}
