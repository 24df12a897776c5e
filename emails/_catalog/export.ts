/**
 * `npm run email:export [outDir]`: writes every template × variant × locale, rendered with its
 * preview data, as <outDir>/<locale>/<template>/<variant>.html and .txt (default outDir:
 * out/emails), after the checks of emails/_catalog/checks.ts (caniemail, html-validate, size).
 * All or nothing: the emails are written to a scratch folder beside outDir and moved into place
 * only when every one rendered and passed; a failure names its template, variant and locale,
 * exits 1 and leaves outDir as it was.
 * React Email's own `email export` renders each file with empty props, which these templates
 * (rightly) refuse: their data is required.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkEmailHtml } from './checks.ts';
import { locales, renderEmail, templateSchema, variants } from './index.ts';

const outDir = resolve(process.argv[2] ?? 'out/emails');
await mkdir(dirname(outDir), { recursive: true });
const scratch = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}-`));

const failures: string[] = [];
for (const locale of locales) {
  for (const { template, variant, data } of variants) {
    const where = `${template}/${variant}/${locale}`;
    try {
      const parsed = templateSchema(template).safeParse(data);
      if (!parsed.success) {
        throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; '));
      }
      const email = await renderEmail(template, parsed.data, undefined, locale);
      const problems = await checkEmailHtml(email.html);
      if (problems.length) throw new Error(problems.map((p) => `${p.check}: ${p.message}`).join('; '));
      const dir = join(scratch, locale, template);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${variant}.html`), email.html);
      await writeFile(join(dir, `${variant}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      console.log(`${where}: ${email.subject}`);
    } catch (err) {
      failures.push(`${where}: ${(err as Error).message}`);
    }
  }
}

if (failures.length) {
  await rm(scratch, { recursive: true, force: true });
  for (const f of failures) console.error(`email:export: ${f}`);
  console.error(`email:export: ${failures.length} failed; nothing was written to ${outDir}`);
  process.exit(1);
}
await rm(outDir, { recursive: true, force: true });
await rename(scratch, outDir);
console.log(`Wrote ${locales.length * variants.length} emails to ${outDir}`);
