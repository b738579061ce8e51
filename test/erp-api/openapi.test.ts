import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { ApiTokens } from '../../client/erp-api/auth';
import type { OpenApiDocument } from '../../client/erp-api/openapi';
import { allErpApiRoutes, createErpApi } from '../../client/erp-api/server';
import { openDatabase, type ConnectorDatabase } from '../../db/database';
import { newToken } from './api-client';

/** The description at /openapi.json and /docs covers every route and every answer, without a token. */

let app: FastifyInstance;
let connection: Connection;
let db: ConnectorDatabase;

before(() => {
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  app = createErpApi({
    client: new Client({ connection, namespace: 'default' }),
    db,
    integration: 'docs',
    intakeWorkflowId: 'intake:docs',
    tokens: new ApiTokens([newToken()]),
  });
});
after(async () => {
  await app?.close();
  await connection?.close();
  await db?.destroy();
});

async function description(): Promise<OpenApiDocument> {
  const answer = await app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(answer.statusCode, 200);
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  return answer.json();
}

void describe('ERP API description', () => {
  void test('/openapi.json describes every route of the table with every answer it gives', async () => {
    const document = await description();
    assert.equal(document.openapi, '3.0.3');
    const routes = allErpApiRoutes();
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(described.sort(), routes.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of routes) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      const statuses = Object.keys(operation.responses);
      if (route.public === true) {
        assert.deepEqual(operation.security, []);
        continue;
      }
      assert.equal(operation.security, undefined, `${route.path} uses the global bearer security`);
      assert.ok(statuses.includes('401'), `${route.method} ${route.path} declares 401`);
      assert.ok(statuses.includes('503'), `${route.method} ${route.path} declares 503`);
      if (route.path.includes('{key}')) {
        for (const status of ['400', '404'])
          assert.ok(statuses.includes(status), `${route.method} ${route.path} declares ${status}`);
      }
      if (route.method === 'POST') {
        assert.ok(statuses.includes('409'), `${route.path} declares 409`);
        assert.ok(operation.requestBody !== undefined, `${route.path} describes its body`);
      }
    }
    for (const update of ['confirm', 'deliver']) {
      const operation = document.paths[`/orders/{key}/${update}`].post;
      assert.ok(
        operation.parameters.some(
          (parameter) => parameter.name === 'Idempotency-Key' && parameter.in === 'header',
        ),
      );
    }
    assert.deepEqual(document.security, [{ bearerAuth: [] }]);
    assert.deepEqual(document.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      description: 'A token from ERP_API_TOKENS or ERP_API_TOKENS_FILE (npm start generates one)',
    });
  });

  void test('every schema reference resolves; decimals are strings', async () => {
    const document = await description();
    const text = JSON.stringify(document);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(name in document.components.schemas, `${name} is a component`);
    }
    const line = document.components.schemas.ConfirmLine as {
      properties: Record<string, { type: string; pattern?: string }>;
    };
    assert.equal(line.properties.quantity.type, 'string');
    assert.equal(line.properties.quantity.pattern, '^[0-9]+(\\.[0-9]+)?$');
    assert.equal(
      (document.components.schemas.ConfirmRequest as { additionalProperties: boolean }).additionalProperties,
      false,
    );
  });

  void test('/docs is a page to read, without scripts from elsewhere, naming every route', async () => {
    const answer = await app.inject({ method: 'GET', url: '/docs' });
    assert.equal(answer.statusCode, 200);
    assert.match(String(answer.headers['content-type']), /^text\/html/);
    assert.doesNotMatch(answer.body, /<script|https?:\/\/(?!127)/);
    for (const route of allErpApiRoutes()) {
      assert.ok(
        answer.body.includes(`${route.method} ${route.path.replace(/&/g, '&amp;')}`),
        `${route.method} ${route.path}`,
      );
    }
    assert.match(answer.body, /id="schema-OrderState"/);
  });
});
