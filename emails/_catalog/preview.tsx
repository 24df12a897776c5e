import { createElement } from 'react';
import { ForcedColorScheme } from '../_components/layout.tsx';
import { defaultBrand } from '../_domain/brand.ts';
import { fieldErrors, type Locale, type TemplateName, templateComponent, templateSchema } from './index.ts';
import { ProblemPage } from './problem-page.tsx';

/**
 * What `npm run email:dev` shows for one template × variant × locale: the email rendered from
 * its preview data, or, when that data breaks the template's schema, a page naming each problem
 * (a preview that breaks the rules it would be refused by must never look fine).
 */

export interface CheckedPreviewProps {
  template: TemplateName;
  variant: string;
  locale: Locale;
  /** The preview data as React Email passes it (PreviewProps, or the props editor's). */
  data: Record<string, unknown>;
  /** 'dark': the email's own dark-mode styles, whatever the designer's system setting. */
  colorScheme?: 'dark';
}

export function CheckedPreview({ template, variant, locale, data, colorScheme }: CheckedPreviewProps) {
  const parsed = templateSchema(template).safeParse(data);
  if (!parsed.success) {
    return (
      <ProblemPage
        title="Preview data breaks the template’s schema"
        where={`${template} / ${variant} / ${locale}: fix previews['${variant}'] in emails/${template}.tsx`}
        problems={fieldErrors(parsed.error.issues).map((e) => `${e.path || '(data)'}: ${e.message}`)}
      />
    );
  }
  const email = createElement(templateComponent(template), { ...(parsed.data as object), brand: defaultBrand, locale });
  return colorScheme ? createElement(ForcedColorScheme.Provider, { value: colorScheme }, email) : email;
}
