// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { defaultBrand } from '../emails/_components/brand.ts';

/**
 * The customer activation guide. Email previews are rendered at build time from emails/ (React
 * Email .tsx, compiled by Vite with the root tsconfig's react-jsx setting); no React reaches
 * the browser. `site` feeds the sitemap and canonical links: set DOCS_SITE_URL where it is hosted.
 */
export default defineConfig({
  site: process.env.DOCS_SITE_URL || 'https://guide.activation.example.com',
  trailingSlash: 'ignore',
  integrations: [
    starlight({
      title: 'Activation guide',
      description: `How to activate ${defaultBrand.product} bought through Volume Licensing: the activation email, Sign In or Sign Up, the steps of each scenario, and the emails you will receive.`,
      favicon: '/favicon.svg',
      components: {
        // Fixes the search button's accessible name (label in name); see the component.
        Search: './src/components/Search.astro',
      },
      sidebar: [
        { label: 'Overview', link: '/' },
        { label: 'The activation email', slug: 'activation-email' },
        { label: 'Sign In or Sign Up', slug: 'sign-in-or-sign-up' },
        {
          label: 'Your scenario',
          items: ['scenarios/new-customer', 'scenarios/trial-customer', 'scenarios/bypass-customer'],
        },
        { label: 'Emails you will receive', link: '/emails/' },
        { label: 'FAQ', slug: 'faq' },
        { label: 'Support', slug: 'support' },
      ],
    }),
  ],
});
