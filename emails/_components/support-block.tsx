import { Link, Section, Text } from 'react-email';
import type { Brand } from '../_domain/brand.ts';
import type { LocalizedFacts } from '../_messages/index.ts';
import { fill } from './rich.tsx';
import { cls, link, mutedText, subheading } from './theme.ts';

/**
 * How to reach support: the online request, the phone line with its hours, international contacts.
 * Outside en-US the international contacts come first (the guide gives every other country
 * "local hours and contacts"); the US and Canada line stays.
 */
export function SupportBlock({ brand, facts }: { brand: Brand; facts: LocalizedFacts }) {
  const s = facts.support(brand);
  const lines = {
    portal: fill(
      s.portal,
      {
        portal: (
          <Link className={cls.link} href={brand.supportPortalUrl} style={link}>
            {s.portalLink}
          </Link>
        ),
      },
      facts,
    ),
    phone: fill(s.phone, { number: <strong>{brand.phone.number}</strong> }, facts),
    international: fill(
      s.international,
      {
        contacts: (
          <Link className={cls.link} href={s.internationalUrl} style={link}>
            {s.internationalLink}
          </Link>
        ),
      },
      facts,
    ),
  };
  return (
    <Section style={{ padding: '24px 24px 8px' }}>
      <Text className={cls.text} style={{ ...subheading, fontSize: '16px' }}>
        {s.heading}
      </Text>
      {s.order.map((line) => (
        <Text key={line} className={cls.muted} style={mutedText}>
          {lines[line]}
        </Text>
      ))}
    </Section>
  );
}
