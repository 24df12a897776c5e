import type { CSSProperties } from 'react';

/**
 * Theme tokens. Every text/background pair below meets WCAG AA (4.5:1 or more):
 * text #1f2328 on #ffffff 15.8:1; muted #57606a on #ffffff 6.4:1 and on #f6f8fa 6.0:1;
 * #ffffff on primary #0b5cad 6.6:1; link #0b5cad on #ffffff 6.6:1; warning text #4d3800 on #fff5d6 10.3:1.
 */
export const colors = {
  text: '#1f2328',
  muted: '#57606a',
  page: '#f6f8fa',
  surface: '#ffffff',
  border: '#d0d7de',
  primary: '#0b5cad',
  onPrimary: '#ffffff',
  warningText: '#4d3800',
  warningBackground: '#fff5d6',
  warningBorder: '#d4a72c',
} as const;

export const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const text: CSSProperties = {
  color: colors.text,
  fontSize: '16px',
  lineHeight: '24px',
  margin: '0 0 16px',
};

export const mutedText: CSSProperties = { ...text, color: colors.muted, fontSize: '14px', lineHeight: '20px' };

export const heading: CSSProperties = {
  color: colors.text,
  fontSize: '24px',
  lineHeight: '32px',
  fontWeight: 700,
  margin: '0 0 16px',
};

export const subheading: CSSProperties = {
  color: colors.text,
  fontSize: '18px',
  lineHeight: '26px',
  fontWeight: 700,
  margin: '0 0 8px',
};

export const link: CSSProperties = { color: colors.primary, textDecoration: 'underline' };
