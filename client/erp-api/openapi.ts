import { z } from 'zod';
import type { ApiParameter, ApiResponse, ApiRoute } from './routes';
import { apiSchemas } from './schemas';

/**
 * The OpenAPI 3 description of the ERP API, generated from the route table (paths, parameters,
 * every answer) and the zod schemas (`#/components/schemas`, and every parameter's schema), so it
 * says what the server does.
 */

export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security?: unknown[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, Record<string, unknown>>;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
}

const componentPrefix = '#/components/schemas/';

/** A zod schema as an OpenAPI 3.0 schema object, as the API reads it. */
function inlineSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });
  return rest;
}

/** A path or header parameter with its schema described. */
function declaredParameter(parameter: ApiParameter): OpenApiParameter {
  return { ...parameter, schema: inlineSchema(parameter.schema) };
}

/** Each field of a route's query schema as a query parameter; its meta's description is the parameter's. */
function queryParameters(query: z.ZodObject | undefined): OpenApiParameter[] {
  if (query === undefined) return [];
  const { properties = {}, required = [] } = inlineSchema(query) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    description: typeof description === 'string' ? description : '',
    schema,
  }));
}

/** Every registered zod schema as an OpenAPI 3.0 schema object. */
function componentSchemas(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'openapi-3.0',
    // Requests as the API reads them; answers as written (an answer's fields may grow).
    io: 'input',
    uri: (id) => `${componentPrefix}${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function reference(schema: z.ZodType): { $ref: string } {
  const id = apiSchemas.get(schema)?.id;
  if (id === undefined) throw new Error('An ERP API answer or body uses a schema that is not a component');
  return { $ref: `${componentPrefix}${id}` };
}

function response(answer: ApiResponse): Record<string, unknown> {
  const content: Record<string, { schema: Record<string, unknown> }> = {};
  if (answer.json !== undefined) content['application/json'] = { schema: reference(answer.json) };
  for (const type of answer.raw ?? []) {
    content[type] = { schema: type === 'application/json' ? { type: 'object' } : { type: 'string' } };
  }
  return {
    description: answer.description,
    ...(answer.headers === undefined ? {} : { headers: answer.headers }),
    ...(Object.keys(content).length === 0 ? {} : { content }),
  };
}

function operation(route: ApiRoute): OpenApiOperation {
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    ...(route.public === true ? { security: [] } : {}),
    parameters: [...(route.parameters ?? []).map(declaredParameter), ...queryParameters(route.query)],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: false,
            content: { 'application/json': { schema: reference(route.body) } },
          },
        }),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, answer]) => [status, response(answer)]),
    ),
  };
}

export function buildOpenApi(
  routes: readonly ApiRoute[],
  info: { version: string; integration: string },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Jakamo SO pipeline: ERP API',
      version: info.version,
      description:
        `The ERP's side of the Jakamo Sales Order pipeline (integration "${info.integration}"): read orders, confirm and ` +
        'deliver them, look at and download their documents. Every route except /openapi.json and /docs needs ' +
        '`Authorization: Bearer <token>` (ERP_API_TOKENS / ERP_API_TOKENS_FILE). Decimals are strings ("12.50"). ' +
        'Send an `Idempotency-Key` with confirm and deliver: a retried call is then decided once.',
    },
    tags: [
      { name: 'orders', description: "Orders and the ERP's and the operator's requests" },
      { name: 'documents', description: 'What Jakamo sent and what was sent to Jakamo, raw' },
      { name: 'service', description: 'Health and this description' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token from ERP_API_TOKENS or ERP_API_TOKENS_FILE (npm start generates one)',
        },
      },
    },
  };
}
