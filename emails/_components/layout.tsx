import { createContext, type ReactNode, useContext } from 'react';
import { Container, Head, Hr, Html, Preview, Section, Text } from 'react-email';
import type { Brand } from '../_domain/brand.ts';
import type { LocalizedFacts } from '../_messages/index.ts';
import { Prerendered } from './prerendered.tsx';
import { SupportBlock } from './support-block.tsx';
import { cls, colors, darkModeCss, fontFamily, forcedDarkModeCss, mutedText, scriptStyle } from './theme.ts';

/**
 * 'dark' shows the dark design whatever the reader's setting: the workbench's dark-mode previews
 * (emails/_catalog/preview.tsx). Emails that are sent never set it: they carry the design for
 * both and let the mail app choose.
 */
export const ForcedColorScheme = createContext<'dark' | undefined>(undefined);

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
  const forced = useContext(ForcedColorScheme);
  return (
    <Html lang={facts.lang} dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content={forced ? 'dark' : 'light dark'} />
        <meta name="supported-color-schemes" content={forced ? 'dark' : 'light dark'} />
        <style>{forced ? forcedDarkModeCss : darkModeCss}</style>
      </Head>
      {/* The subject is the document's title; the preheader needs no second <title>. */}
      <Preview useTitleTag={false}>{preview}</Preview>
      {/*
        Our own body and page table rather than React Email's Body, which repeats the page colour
        on a cell of its own that no class reaches, so dark mode left a light frame around the card.
        Here the colour and the class that darkens it sit on the same elements.
      */}
      <body
        lang={facts.lang}
        dir="ltr"
        className={cls.page}
        style={{ backgroundColor: colors.page, margin: 0, padding: 0 }}
      >
        <table
          role="presentation"
          width="100%"
          border={0}
          cellPadding="0"
          cellSpacing="0"
          align="center"
          className={cls.page}
          style={{ backgroundColor: colors.page }}
        >
          <tbody>
            <tr>
              <td lang={facts.lang} dir="ltr" style={{ fontFamily, padding: '24px 0' }}>
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
                    {/* React Email's Hr draws its line with border-top #eaeaea: set the rule's own colour. */}
                    <Hr className={cls.rule} style={{ borderTop: `1px solid ${colors.border}`, margin: 0 }} />
                    <SupportBlock brand={brand} facts={facts} />
                    <Section style={{ padding: '0 24px 24px' }}>
                      <Text className={cls.muted} style={{ ...mutedText, margin: 0 }}>
                        {m.footer({ brand: brand.name, product: brand.product })}
                      </Text>
                    </Section>
                  </Prerendered>
                </Container>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </Html>
  );
}
