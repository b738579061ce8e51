import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import { projectRoot } from '../../config/project-root';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { connectToDevServer, eventually } from '../support/temporal';
import { orderPath, startApiUnderTest, type ApiUnderTest } from './api-client';

/**
 * A property-based run of the ERP API from its own OpenAPI description: schemathesis (PyPI,
 * installed into .tools/venv by .ci/run) generates valid and invalid requests for every operation
 * and checks that none ends in a server error and every answer is one the description declares.
 */

const venvBin = path.join(projectRoot, '.tools', 'venv', 'bin');
const schemathesis = ['schemathesis', 'st']
  .map((name) => path.join(venvBin, name))
  .find((file) => fs.existsSync(file));

/** Keeps the run well under two minutes. */
const maxExamples = 25;
const runTimeoutMs = 150_000;

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let pipeline: PipelineUnderTest;
let erp: ApiUnderTest;

void describe(
  'ERP API property-based run (schemathesis)',
  {
    skip:
      schemathesis === undefined
        ? 'schemathesis is not installed in .tools/venv (.ci/run installs it)'
        : false,
  },
  () => {
    before(async () => {
      env = await connectToDevServer();
      workflowBundle = await bundleWorkflows();
      pipeline = await startPipeline(env, workflowBundle, { orders: { confirmationPolicy: 'erp' } });
      await pipeline.startIntake();
      erp = await startApiUnderTest({
        client: env.client,
        db: pipeline.db,
        integration: pipeline.integration,
        temporalTimeoutMs: 5000,
      });
      // Real orders for the description's example key (JKM-000001) and the listings.
      for (const seed of [1, 2]) {
        await pipeline.control.placeOrder(pipeline.integration, {
          customerPartyId: pipeline.customers[0],
          lines: 2,
          seed,
        });
      }
      await eventually('the first order in the ERP', async () => {
        const answer = await erp.call('GET', orderPath('JKM-000001'));
        return answer.status === 200 ? answer : undefined;
      });
    });
    after(async () => {
      await erp?.api.close();
      await pipeline?.close();
      await env?.teardown();
    });

    void test('no server error and no answer outside the description, for generated valid and invalid requests', async () => {
      const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-schemathesis-'));
      const args = [
        'run',
        `${erp.api.url}/openapi.json`,
        '--header',
        `Authorization: Bearer ${erp.token}`,
        // No server error, and no answer outside the description: status, content type, headers, schema.
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance',
        '--max-examples',
        String(maxExamples),
        '--phases',
        'examples,coverage,fuzzing',
        '--generation-database',
        'none',
        '--request-timeout',
        '20',
        // One worker: Python 3.11's parser is not safe in threads ("AST constructor recursion depth mismatch").
        '--workers',
        '1',
        '--no-color',
      ];
      let output = '';
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(schemathesis ?? 'schemathesis', args, {
          cwd: workDir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`schemathesis ran longer than ${runTimeoutMs} ms:\n${output}`));
        }, runTimeoutMs);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
        child.once('error', reject);
      }).finally(() => fs.rmSync(workDir, { recursive: true, force: true }));
      assert.equal(code, 0, output.replaceAll(erp.token, '<token>').slice(-20_000));
      assert.doesNotMatch(output, /No operations|0 operations/i);
    });
  },
);
