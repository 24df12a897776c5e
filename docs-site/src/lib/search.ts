/**
 * How the guide's search ranks pages (Pagefind's ranking weights, passed to Starlight's `pagefind`
 * option): Starlight's own defaults, written here so that the search tests rank exactly as the
 * search box does (test/docs/site.test.ts asks the built index with these weights).
 */
export const pagefindRanking = {
  pageLength: 0.1,
  termFrequency: 0.1,
  termSaturation: 2,
  termSimilarity: 9,
  diacriticSimilarity: 0.8,
} as const;
