import type { ReactNode } from 'react';
import { Button, Link, Section, Text } from 'react-email';
import { cls, colors, link, text } from './theme.ts';

export const Greeting = ({ greeting }: { greeting: string }) => (
  <Text className={cls.text} style={text}>
    {greeting}
  </Text>
);

/** Break opportunities in a shown URL: after `/ ? & =`, and inside any run of 24 characters without one. */
export function breakableUrl(url: string): ReactNode[] {
  const parts = url.match(/[^/?&=]{1,24}[/?&=]*|[/?&=]+/g) ?? [url];
  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one URL never reorder
  return parts.flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/**
 * A bulletproof button (padding-based, works in Outlook) with the link written out beneath it;
 * the shown link breaks with <wbr> (Yahoo ignores `word-break`), the href stays whole.
 */
export function CtaButton({ href, orOpenLink, children }: { href: string; orOpenLink: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '8px 0 16px' }}>
      <Button
        className={cls.button}
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
        className={cls.muted}
        data-skip-in-text="true"
        style={{ ...text, color: colors.muted, fontSize: '13px', lineHeight: '18px', margin: '8px 0 0' }}
      >
        {orOpenLink}{' '}
        <Link className={cls.link} href={href} style={link}>
          {breakableUrl(href)}
        </Link>
      </Text>
    </Section>
  );
}

export function Callout({ children }: { children: ReactNode }) {
  return (
    <Section
      className={cls.callout}
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
