import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import type { Brand } from '../_domain/activation.ts';
import { SupportBlock } from './support-block.tsx';
import { colors, fontFamily, mutedText } from './theme.ts';

export interface EmailLayoutProps {
  brand: Brand;
  /** The preheader: the line inbox lists show after the subject. */
  preview: string;
  children: ReactNode;
}

/** 600 px single column that shrinks to any width (down to 320 px phones); no web fonts, no images. */
export function EmailLayout({ brand, preview, children }: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light only" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily, margin: 0, padding: '24px 0' }}>
        <Container
          style={{
            backgroundColor: colors.surface,
            border: `1px solid ${colors.border}`,
            borderRadius: '8px',
            maxWidth: '600px',
            width: '100%',
          }}
        >
          <Section style={{ padding: '20px 24px', borderBottom: `4px solid ${colors.primary}` }}>
            <Text style={{ color: colors.text, fontSize: '16px', fontWeight: 700, lineHeight: '24px', margin: 0 }}>
              {brand.name}
            </Text>
          </Section>
          <Section style={{ padding: '24px' }}>{children}</Section>
          <Hr style={{ borderColor: colors.border, margin: 0 }} />
          <SupportBlock brand={brand} />
          <Section style={{ padding: '0 24px 24px' }}>
            <Text style={{ ...mutedText, margin: 0 }}>
              {brand.name} sent this email about your {brand.product} Volume Licensing agreement.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
