import type { ReactNode } from 'react';
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from 'react-email';
import type { Brand } from '../_domain/brand.ts';
import type { LocalizedFacts } from '../_messages/index.ts';
import { Prerendered } from './prerendered.tsx';
import { SupportBlock } from './support-block.tsx';
import { cls, colors, darkModeCss, fontFamily, mutedText, scriptStyle } from './theme.ts';

export interface EmailLayoutProps {
  brand: Brand;
  facts: LocalizedFacts;
  /** The document's `<title>`: the email's subject. */
  title: string;
  /** The preheader: the line inbox lists show after the subject. */
  preview: string;
  children: ReactNode;
}

/**
 * 600 px single column that shrinks to any width (down to 320 px phones); no web fonts, no images.
 * React Email 6's Container and Section put padding on the cell, where classic Outlook honours it.
 */
export function EmailLayout({ brand, facts, title, preview, children }: EmailLayoutProps) {
  const m = facts.messages.email;
  return (
    <Html lang={facts.lang} dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{darkModeCss}</style>
      </Head>
      {/* The subject is the document's title; the preheader needs no second <title>. */}
      <Preview useTitleTag={false}>{preview}</Preview>
      {/* React Email's Body marks itself and its cell lang="en" unless told otherwise. */}
      <Body
        lang={facts.lang}
        className={cls.page}
        style={{ backgroundColor: colors.page, fontFamily, margin: 0, padding: '24px 0' }}
      >
        <Container
          className={cls.surface}
          style={{
            backgroundColor: colors.surface,
            border: `1px solid ${colors.border}`,
            borderRadius: '8px',
            maxWidth: '600px',
            width: '100%',
            ...scriptStyle(facts.locale),
          }}
        >
          <Prerendered id={`layout-top:${facts.locale}`}>
            <Section
              className={cls.brandBar}
              style={{ padding: '20px 24px', borderBottom: `4px solid ${colors.primary}` }}
            >
              <Text
                className={cls.text}
                style={{ color: colors.text, fontSize: '16px', fontWeight: 700, lineHeight: '24px', margin: 0 }}
              >
                {brand.name}
              </Text>
            </Section>
          </Prerendered>
          <Section style={{ padding: '24px' }}>{children}</Section>
          <Prerendered id={`layout-bottom:${facts.locale}`}>
            <Hr style={{ borderColor: colors.border, margin: 0 }} />
            <SupportBlock brand={brand} facts={facts} />
            <Section style={{ padding: '0 24px 24px' }}>
              <Text className={cls.muted} style={{ ...mutedText, margin: 0 }}>
                {m.footer({ brand: brand.name, product: brand.product })}
              </Text>
            </Section>
          </Prerendered>
        </Container>
      </Body>
    </Html>
  );
}
