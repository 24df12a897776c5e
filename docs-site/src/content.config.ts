/// <reference types="astro/client" />
import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // Interface words Starlight or Pagefind lack (or word differently) in our languages: the search
  // result count and messages (`pagefind.*`), a heading's anchor label. One file per locale tag.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
