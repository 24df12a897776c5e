import { createRoute, z } from '@hono/zod-openapi';
import {
  type LinkPolicy,
  type TemplateName,
  templateDescription,
  templateLocales,
  templateNames,
  templateSchema,
  templateSubject,
} from '../../emails/_catalog/index.ts';
import { requires } from '../auth.ts';
import { type App, handle, type RouteModule } from '../http.ts';
import { requireScope } from '../keys.ts';
import type { Metrics } from '../metrics.ts';
import { apiProblemResponses, problem, respondProblem } from '../problem.ts';
import type { Renderer } from '../render/threads.ts';
import { localeEnum, templateNameEnum } from './enums.ts';
import { dataSchema, exampleData, pascalName } from './template-data.ts';

/**
 * `GET /v1/templates` and `POST /v1/templates/{name}/render`: render only, nothing stored or
 * sent. Each template has its own render operation (`renderActivation`…) whose body carries
 * that template's data schema, so the body is validated once and a generated client checks the
 * data of the template it renders.
 */

export interface TemplateRouteDeps {
  links: LinkPolicy;
  metrics: Metrics;
  render: Renderer['render'];
}

/** The JSON Schema of a template's data as a client sends it (before trimming). */
const dataJsonSchema = (name: TemplateName, links: LinkPolicy): Record<string, unknown> => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(templateSchema(name, links), {
    io: 'input',
    unrepresentable: 'any',
  });
  return schema;
};

const templateListSchema = z
  .object({
    data: z
      .array(
        z
          .object({
            name: templateNameEnum,
            description: z.string().openapi({ description: 'What the template is for, and when it is sent' }),
            locales: z.array(localeEnum).openapi({ description: 'The locales the template is written in' }),
            schema: z
              .record(z.string(), z.unknown())
              .openapi({ description: 'JSON Schema (draft 2020-12) of the template’s `data`' }),
          })
          .openapi({ description: 'A template' }),
      )
      .openapi({ description: 'Every template' }),
  })
  .openapi('TemplateList', { description: 'The templates, each with the schema of its data' });

const renderedEmailSchema = z
  .object({
    subject: z.string().openapi({
      description: 'The subject line',
      example: 'Activate Office 365 for Enterprises for Contoso Ltd',
    }),
    html: z.string().openapi({ description: 'The complete HTML document, exactly as it would be sent' }),
    text: z.string().openapi({ description: 'The plain-text version' }),
  })
  .openapi('RenderedEmail', { description: 'An email as it would be sent: subject, HTML and text' });

const renderProblems = apiProblemResponses({
  400: 'Malformed JSON',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'The body or the template data breaks a rule; `errors` lists each problem with its path',
});

const listRoute = createRoute({
  operationId: 'listTemplates',
  method: 'get',
  path: '/v1/templates',
  tags: ['Templates'],
  summary: 'List the templates',
  description: 'Every template with what it is for and the JSON Schema of its `data`.',
  security: requires('send'),
  responses: {
    200: {
      description: 'The templates',
      content: {
        'application/json': {
          schema: templateListSchema,
          example: {
            data: [
              {
                name: 'trial-ending',
                description: templateDescription('trial-ending'),
                locales: [...templateLocales('trial-ending')],
                schema: dataJsonSchema('trial-ending', {}),
              },
            ],
          },
        },
      },
    },
    ...apiProblemResponses({}),
  },
});

const renderRoute = (name: TemplateName, links: LinkPolicy) =>
  createRoute({
    operationId: `render${pascalName(name)}`,
    method: 'post',
    path: `/v1/templates/${name}/render`,
    tags: ['Templates'],
    summary: `Render the ${name} email`,
    description: `${templateDescription(name)} Validates \`data\` and returns the subject, HTML and text. Nothing is stored or sent.`,
    security: requires('send'),
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .strictObject({
                data: dataSchema(name, links),
                locale: localeEnum.optional(),
              })
              .openapi(`Render${pascalName(name)}Request`, {
                description: `The ${name} template’s data, and the language to render it in (default en-US)`,
                example: { data: exampleData(name) },
              }),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The rendered email',
        content: {
          'application/json': {
            schema: renderedEmailSchema,
            example: {
              subject: templateSubject(name, exampleData(name)),
              html: '<!DOCTYPE html><html lang="en-US" dir="ltr">…</html>',
              text: '…',
            },
          },
        },
      },
      ...renderProblems,
    },
  });

function mount(app: App, { links, metrics, render }: TemplateRouteDeps): void {
  const list = {
    data: templateNames.map((name) => ({
      name,
      description: templateDescription(name),
      locales: [...templateLocales(name)],
      schema: dataJsonSchema(name, links),
    })),
  };
  handle(app, listRoute, (c) => c.json(list, 200));

  for (const name of templateNames) {
    handle(app, renderRoute(name, links), async (c) => {
      const { data, locale } = c.req.valid('json');
      const stopTimer = metrics.renderDuration.startTimer({ template: name });
      const email = await render(name, data, locale);
      stopTimer();
      return c.json(email, 200);
    });
  }

  app.post('/v1/templates/:name/render', requireScope(['send']), (c) =>
    respondProblem(
      c,
      problem(
        'not-found',
        `There is no template named "${c.req.param('name')}". Templates: ${templateNames.join(', ')}.`,
      ),
    ),
  );
}

export const templateRoutes: RouteModule<TemplateRouteDeps> = {
  documented: [listRoute, ...templateNames.map((name) => renderRoute(name, {}))],
  mount,
};
