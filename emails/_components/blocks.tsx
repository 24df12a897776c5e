import { Button, Link, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { colors, link, text } from './theme.ts';

export const Greeting = ({ name }: { name?: string | undefined }) => (
  <Text style={text}>{name ? `Hello ${name},` : 'Hello,'}</Text>
);

/** A bulletproof button (padding-based, works in Outlook) with the link written out beneath it. */
export function CtaButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '8px 0 16px' }}>
      <Button
        href={href}
        style={{
          backgroundColor: colors.primary,
          borderRadius: '6px',
          color: colors.onPrimary,
          display: 'inline-block',
          fontSize: '16px',
          fontWeight: 700,
          lineHeight: '24px',
          padding: '12px 24px',
          textDecoration: 'none',
        }}
      >
        {children}
      </Button>
      <Text
        data-skip-in-text="true"
        style={{
          ...text,
          color: colors.muted,
          fontSize: '13px',
          lineHeight: '18px',
          margin: '8px 0 0',
          wordBreak: 'break-all',
        }}
      >
        Or open this link:{' '}
        <Link href={href} style={link}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

export function Callout({ children }: { children: ReactNode }) {
  return (
    <Section
      style={{
        backgroundColor: colors.warningBackground,
        borderLeft: `4px solid ${colors.warningBorder}`,
        borderRadius: '4px',
        margin: '0 0 24px',
        padding: '12px 16px',
      }}
    >
      <Text style={{ ...text, color: colors.warningText, margin: 0 }}>{children}</Text>
    </Section>
  );
}
