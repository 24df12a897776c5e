/**
 * `npm run email:export [outDir]`: writes every template variant, rendered with its preview data,
 * as <outDir>/<template>/<variant>.html and .txt (default outDir: out/emails).
 * React Email's own `email export` renders each file with empty props, which these
 * templates (rightly) refuse: their data is required.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderEmail, templateSchema, variants } from './index.ts';

const outDir = resolve(process.argv[2] ?? 'out/emails');

for (const { template, variant, data } of variants) {
  const email = await renderEmail(template, templateSchema(template).parse(data));
  const dir = join(outDir, template);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${variant}.html`), email.html);
  await writeFile(join(dir, `${variant}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
  console.log(`${template}/${variant}: ${email.subject}`);
}
console.log(`Wrote ${variants.length} emails to ${outDir}`);
