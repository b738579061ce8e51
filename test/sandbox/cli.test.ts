import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { SandboxControlClient } from '../../sandbox/index';
import { basicAuth } from './helpers';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(__dirname, 'fixtures', 'sandbox-cli.ts');

/** Starts `jakamo-so sandbox` in a child process and waits for its base URL. */
async function runSandboxCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, 'sandbox', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output += chunk));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${String(code)}): ${output}`)));
  });
  return { child, baseUrl, output: () => output };
}

void describe('jakamo-so sandbox', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('prints the base URL, integration ids and usernames, serves, stops on SIGTERM, never shows credentials', async () => {
    const run = await runSandboxCli(['--log-level', 'info']);
    const wrong = basicAuth('demo-supplier', 'wrong-secret');
    const right = basicAuth('demo-supplier', 'demo-password');
    try {
      assert.match(run.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      for (const authorization of [right, wrong]) {
        await fetch(`${run.baseUrl}/api/order/response`, { headers: { authorization } });
      }
      const response = await fetch(`${run.baseUrl}/api/order/response`, {
        headers: { authorization: right },
      });
      assert.equal(await response.text(), '<status>No more messages available.</status>');
    } finally {
      run.child.kill('SIGTERM');
    }
    const [code] = (await once(run.child, 'exit')) as [number | null];
    assert.equal(code, 0, run.output());
    const output = run.output();
    assert.match(output, /integration "demo": username "demo-supplier"/);
    assert.match(output, /"url":"\/api\/order\/response"/, 'requests are logged');
    for (const secret of ['demo-password', 'wrong-secret', right.slice(6), wrong.slice(6)]) {
      assert.ok(!output.includes(secret), `output must not contain ${secret}`);
    }
  });

  void test('--config reads integrations and --generate-every places orders for their customers', async () => {
    const config = path.join(dir, 'integrations.json');
    writeFileSync(
      config,
      JSON.stringify({
        integrations: [
          {
            id: 'acme-line',
            username: 'acme-user',
            password: 'acme-secret',
            supplier: { partyId: 'SUP', name: 'Supplier' },
            customers: [{ partyId: 'ACME-FI', name: 'Acme Oy' }],
          },
        ],
      }),
    );
    const run = await runSandboxCli([
      '--config',
      config,
      '--generate-every',
      '20ms',
      '--log-level',
      'silent',
    ]);
    try {
      const control = new SandboxControlClient(run.baseUrl);
      let orders = await control.listOrders('acme-line');
      while (orders.length < 2) orders = await control.listOrders('acme-line');
      assert.ok(orders.every((order) => order.customerPartyId === 'ACME-FI'));
      assert.ok(!run.output().includes('acme-secret'));
    } finally {
      run.child.kill('SIGINT');
    }
    const [code] = (await once(run.child, 'exit')) as [number | null];
    assert.equal(code, 0, run.output());
  });

  void test('--faults sets the faults every integration starts with; a config file can give an integration its own', async () => {
    const config = path.join(dir, 'faulty.json');
    writeFileSync(
      config,
      JSON.stringify([
        {
          id: 'calm',
          username: 'calm-user',
          password: 'calm-secret',
          supplier: { partyId: 'SUP', name: 'Supplier' },
          customers: [{ partyId: 'ACME-FI', name: 'Acme Oy' }],
        },
        {
          id: 'flaky',
          username: 'flaky-user',
          password: 'flaky-secret',
          supplier: { partyId: 'SUP', name: 'Supplier' },
          customers: [{ partyId: 'ACME-FI', name: 'Acme Oy' }],
          faults: { lostAckRate: 0.5 },
        },
      ]),
    );
    const run = await runSandboxCli([
      '--config',
      config,
      '--faults',
      '{"lostAnswerRate":0.2,"seed":9}',
      '--log-level',
      'silent',
    ]);
    try {
      const control = new SandboxControlClient(run.baseUrl);
      const calm = await control.getFaults('calm');
      const flaky = await control.getFaults('flaky');
      assert.deepEqual([calm.lostAnswerRate, calm.seed, calm.lostAckRate], [0.2, 9, 0]);
      assert.deepEqual([flaky.lostAnswerRate, flaky.lostAckRate], [0.2, 0.5]);
      assert.match(run.output(), /faults: +\{"lostAnswerRate":0\.2,"seed":9\}/);
    } finally {
      run.child.kill('SIGTERM');
    }
    const [code] = (await once(run.child, 'exit')) as [number | null];
    assert.equal(code, 0, run.output());
  });

  void test('a misspelt --faults stops the start with a message naming the key', async () => {
    await assert.rejects(runSandboxCli(['--faults', '{"lostAnswersRate":1}']), /--faults: .*lostAnswersRate/);
  });
});
