import { createElement } from 'react';
import { defaultBrand } from '../_components/brand.ts';
import { type Locale, type TemplateName, templateComponent, templateSchema } from './index.ts';
import { ProblemPage } from './problem-page.tsx';

/**
 * What `npm run email:dev` shows for one template × variant × locale: the email rendered from
 * its preview data, or, when that data breaks the template's schema, a page naming each problem
 * (a preview that breaks the rules it would be refused by must never look fine).
 */

export function previewOf(template: TemplateName, variant: string, locale: Locale, data: unknown) {
  const Preview = (props: Record<string, unknown>) => {
    const parsed = templateSchema(template).safeParse(props);
    if (!parsed.success) {
      return (
        <ProblemPage
          title="Preview data breaks the template’s schema"
          where={`${template} / ${variant} / ${locale}: fix previews['${variant}'] in emails/${template}.tsx`}
          problems={parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`)}
        />
      );
    }
    return createElement(templateComponent(template), {
      ...(parsed.data as object),
      brand: defaultBrand,
      locale,
    });
  };
  Preview.PreviewProps = data as Record<string, unknown>;
  return Preview;
}
