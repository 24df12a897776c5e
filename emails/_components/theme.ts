import type { CSSProperties } from 'react';
import type { Locale } from '../_catalog/locales.ts';

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

/**
 * Dark mode, for clients that honour `prefers-color-scheme` (Apple Mail, Outlook for Mac and iOS,
 * Samsung Email): each pair again meets WCAG AA (text #e6edf3 on #161b22 14.6:1; muted #9ba6b2 on
 * #161b22 7.0:1; #ffffff on button #1f6feb 4.6:1; link #79b8ff on #161b22 8.3:1; warning #f2d98c on
 * #3b2e00 9.6:1). The rules hang on class names the components set (`am-…`); clients that invert
 * colours on their own (Gmail apps, Outlook.com) get a light design that inverts legibly.
 */
export const darkColors = {
  text: '#e6edf3',
  muted: '#9ba6b2',
  page: '#0d1117',
  surface: '#161b22',
  border: '#30363d',
  primary: '#1f6feb',
  link: '#79b8ff',
  warningText: '#f2d98c',
  warningBackground: '#3b2e00',
  warningBorder: '#d4a72c',
} as const;

/** The class names the dark-mode rules hang on. */
export const cls = {
  page: 'am-page',
  surface: 'am-surface',
  text: 'am-text',
  muted: 'am-muted',
  button: 'am-button',
  link: 'am-link',
  callout: 'am-callout',
  brandBar: 'am-brand',
  /** Dividers and the rules beside listed items: light grey lines that must turn dark too. */
  rule: 'am-rule',
} as const;

const d = darkColors;
/**
 * The dark design, as rules on the classes above. Every element that carries a light colour
 * inline carries one of these classes on that same element (the page colour sits on the layout
 * table's own cell, not on a cell React Email writes for us), so no light block stays behind.
 */
export const darkModeRules = `.${cls.page}{background-color:${d.page}!important}
.${cls.surface}{background-color:${d.surface}!important;border-color:${d.border}!important}
.${cls.text}{color:${d.text}!important}
.${cls.muted}{color:${d.muted}!important}
.${cls.button}{background-color:${d.primary}!important;color:#ffffff!important}
.${cls.link}{color:${d.link}!important}
.${cls.callout}{background-color:${d.warningBackground}!important;border-color:${d.warningBorder}!important}
.${cls.callout} p{color:${d.warningText}!important}
.${cls.brandBar}{border-color:${d.primary}!important}
.${cls.rule}{border-color:${d.border}!important}`;

export const darkModeCss = `:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme:dark){
${darkModeRules}
}`;

/** The dark design applied whatever the reader's setting: the workbench's dark-mode previews. */
export const forcedDarkModeCss = `:root{color-scheme:dark;supported-color-schemes:dark}
${darkModeRules}`;

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

/** Links keep their underline everywhere: Gmail's apps drop it unless it is set on the link itself. */
export const link: CSSProperties = { color: colors.primary, textDecoration: 'underline' };

/**
 * Line breaking by script. Japanese: lines break only at the phrase boundaries BudouX marks
 * (phrases.ts) with `word-break: keep-all`, `overflow-wrap: anywhere` as the way out for a
 * phrase wider than a phone, and `line-break: strict` keeps closing marks and small kana off the
 * start of a line (kinsoku). Clients that ignore them break Japanese as they always did.
 */
export const scriptStyle = (locale: Locale): CSSProperties =>
  locale === 'ja-JP' ? { lineBreak: 'strict', wordBreak: 'keep-all', overflowWrap: 'anywhere' } : {};
