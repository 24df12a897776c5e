import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { core } from 'zod';
import {
  isTemplateName,
  type LinkPolicy,
  localeSchema,
  locales,
  type TemplateName,
  templateDescription,
  templateLocales,
  templateNames,
  templateSchema,
  variants,
} from '../../emails/_catalog/index.ts';
import type { App, RouteDeps } from '../app.ts';
import { bearerSecurity } from '../auth.ts';
import {
  apiProblemResponses,
  fieldErrors,
  ProblemError,
  problem,
  respondProblem,
  validationProblem,
} from '../problem.ts';
import { documentedDataSchema, pascalName } from './template-data.ts';

/** `GET /v1/templates` and `POST /v1/templates/{name}/render`: render only, nothing stored or sent. */

/** The JSON Schema of a template's data as a client sends it (before trimming). */
const dataJsonSchema = (name: TemplateName, links: LinkPolicy): Record<string, unknown> => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(templateSchema(name, links), {
    io: 'input',
    unrepresentable: 'any',
  });
  return schema;
};

const templateNameParam = z.object({
  name: z.string().openapi({
    param: { name: 'name', in: 'path' },
    description: `The template: ${templateNames.join(', ')}`,
    enum: [...templateNames],
    example: 'activation',
  }),
});

const templateListSchema = z
  .object({
    data: z.array(
      z.object({
        name: z.enum(templateNames),
        description: z.string(),
        locales: z.array(z.enum(locales)).openapi({ description: 'The locales the template is written in' }),
        schema: z
          .record(z.string(), z.unknown())
          .openapi({ description: 'JSON Schema (draft 2020-12) of the template’s `data`' }),
      }),
    ),
  })
  .openapi('TemplateList');

const renderedEmailSchema = z
  .object({
    subject: z.string(),
    html: z.string().openapi({ description: 'The complete HTML document, exactly as it would be sent' }),
    text: z.string().openapi({ description: 'The plain-text version' }),
  })
  .openapi('RenderedEmail');

const activationPreview = variants.find((v) => v.template === 'activation')?.data;

const renderRequestSchema = z
  .strictObject({
    data: z.record(z.string(), z.unknown(), { error: 'must be an object holding the template’s fields' }),
    locale: localeSchema.optional().openapi({ description: 'The language to render in (default en-US)' }),
  })
  .openapi('RenderRequest', { example: { data: activationPreview } });

/** The render body of one template, as documented: its own data schema, so a generated client types it. */
const renderTemplateRequest = (name: TemplateName) =>
  z
    .strictObject({ data: documentedDataSchema(name), locale: localeSchema.optional() })
    .openapi(`Render${pascalName(name)}Request`, {
      example: { data: variants.find((v) => v.template === name)?.data },
    });

const renderProblems = apiProblemResponses({
  400: 'Malformed JSON',
  404: 'No such template',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'The body or the template data breaks a rule; `errors` lists each problem with its path',
});

const notFoundTemplate: MiddlewareHandler = async (c, next) => {
  const name = c.req.param('name') ?? '';
  if (!isTemplateName(name)) {
    return respondProblem(
      c,
      problem('not-found', `There is no template named "${name}". Templates: ${templateNames.join(', ')}.`),
    );
  }
  await next();
};

const listRoute = createRoute({
  operationId: 'listTemplates',
  method: 'get',
  path: '/v1/templates',
  tags: ['Templates'],
  summary: 'List the templates',
  description: 'Every template with what it is for and the JSON Schema of its `data`.',
  security: bearerSecurity,
  responses: {
    200: { description: 'The templates', content: { 'application/json': { schema: templateListSchema } } },
    ...apiProblemResponses({}),
  },
});

/**
 * One route serves every template; the document shows one operation per template
 * (`renderActivation`…), each with its data's schema, so a generated client checks the data
 * of the template it renders.
 */
const renderRoute = createRoute({
  hide: true,
  method: 'post',
  path: '/v1/templates/{name}/render',
  tags: ['Templates'],
  summary: 'Render an email',
  description:
    'Validates `data` against the template and returns the subject, HTML and text. Nothing is stored or sent.',
  security: bearerSecurity,
  middleware: [notFoundTemplate] as const,
  request: {
    params: templateNameParam,
    body: { required: true, content: { 'application/json': { schema: renderRequestSchema } } },
  },
  responses: {
    200: { description: 'The rendered email', content: { 'application/json': { schema: renderedEmailSchema } } },
    ...renderProblems,
  },
});

const documentedRenderRoute = (name: TemplateName) =>
  createRoute({
    operationId: `render${pascalName(name)}`,
    method: 'post',
    path: `/v1/templates/${name}/render`,
    tags: ['Templates'],
    summary: `Render the ${name} email`,
    description: `${templateDescription(name)} Validates \`data\` and returns the subject, HTML and text. Nothing is stored or sent.`,
    security: bearerSecurity,
    request: {
      body: { required: true, content: { 'application/json': { schema: renderTemplateRequest(name) } } },
    },
    responses: {
      200: { description: 'The rendered email', content: { 'application/json': { schema: renderedEmailSchema } } },
      ...renderProblems,
    },
  });

export function templateRoutes(app: App, { config, metrics, render }: RouteDeps): void {
  const links: LinkPolicy = { hosts: config.linkHosts };
  const schemas = Object.fromEntries(templateNames.map((name) => [name, dataJsonSchema(name, links)])) as Record<
    TemplateName,
    Record<string, unknown>
  >;
  for (const name of templateNames) app.openAPIRegistry.registerPath(documentedRenderRoute(name));
  const list = {
    data: templateNames.map((name) => ({
      name,
      description: templateDescription(name),
      locales: [...templateLocales(name)],
      schema: schemas[name],
    })),
  };

  app.openapi(listRoute, (c) => c.json(list, 200));

  // notFoundTemplate has already answered 404 for any other name.
  const dataErrors = (name: string, data: unknown) => {
    const parsed = templateSchema(name as TemplateName, links).safeParse(data);
    return { parsed, errors: parsed.success ? [] : fieldErrors(parsed.error.issues, ['data']) };
  };

  /**
   * When the envelope is wrong (an unknown field beside `data`), the template's own rules are
   * still checked, so one answer lists every problem instead of revealing them one at a time.
   */
  const rejectBody = async (issues: readonly core.$ZodIssue[], c: Context): Promise<never> => {
    const errors = fieldErrors(issues);
    if (!errors.some((e) => e.path === 'data' || e.path.startsWith('data.'))) {
      const body: unknown = await c.req.json().catch(() => undefined);
      if (isPlainObject(body) && isPlainObject(body.data)) {
        errors.push(...dataErrors(c.req.param('name') ?? '', body.data).errors);
      }
    }
    throw new ProblemError(validationProblem(errors));
  };

  app.openapi(
    renderRoute,
    async (c) => {
      const name = c.req.valid('param').name as TemplateName;
      const { data, locale } = c.req.valid('json');
      const { parsed, errors } = dataErrors(name, data);
      if (!parsed.success) throw new ProblemError(validationProblem(errors));
      const stopTimer = metrics.renderDuration.startTimer({ template: name });
      const email = await render(name, parsed.data, locale);
      stopTimer();
      return c.json(email, 200);
    },
    (result, c) => {
      if (result.success) return undefined;
      if (result.target === 'json') return rejectBody(result.error.issues, c);
      throw new ProblemError(validationProblem(fieldErrors(result.error.issues)));
    },
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
