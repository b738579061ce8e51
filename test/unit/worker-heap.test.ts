import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { freePort } from '../../worker/dev-server';
import { projectRoot } from '../../config/project-root';
import { eventually } from '../support/eventually';
import { newTag, spawnTagVariable, stopTagged } from '../support/started-processes';

/** bin/worker-heap.cjs is plain CommonJS (it runs before tsx is loaded): typed here by hand. */
interface WorkerHeap {
  heapFlags: (command: string | undefined, env: NodeJS.ProcessEnv, execArgv: string[]) => string[];
}
const { heapFlags } = createRequire(__filename)(
  path.join(projectRoot, 'bin', 'worker-heap.cjs'),
) as WorkerHeap;

void describe('the heap limits of `jakamo-so worker` and `start` (bin/worker-heap.cjs)', () => {
  void test('by default 192 MiB of old space and 4 MiB semi-spaces, for worker and start only', () => {
    const bounded = ['--max-old-space-size=192', '--max-semi-space-size=4'];
    assert.deepEqual(heapFlags('worker', {}, []), bounded);
    assert.deepEqual(heapFlags('start', {}, []), bounded);
    assert.deepEqual(heapFlags('validate', {}, []), []);
    assert.deepEqual(heapFlags(undefined, {}, []), []);
  });

  void test('a larger workflow cache gets a larger old space (0.5 MiB per cached workflow)', () => {
    assert.deepEqual(
      heapFlags('worker', { WORKER_MAX_CACHED_WORKFLOWS: '500' }, [])[0],
      '--max-old-space-size=314',
    );
    assert.deepEqual(
      heapFlags('worker', { WORKER_MAX_CACHED_WORKFLOWS: '250' }, [])[0],
      '--max-old-space-size=192',
    );
  });

  void test('the settings override the defaults, and 0 keeps Node’s own', () => {
    assert.deepEqual(
      heapFlags('worker', { WORKER_MAX_OLD_SPACE_SIZE: '256', WORKER_MAX_SEMI_SPACE_SIZE: '0' }, []),
      ['--max-old-space-size=256'],
    );
    assert.deepEqual(
      heapFlags('worker', { WORKER_MAX_OLD_SPACE_SIZE: '0', WORKER_MAX_SEMI_SPACE_SIZE: '0' }, []),
      [],
    );
  });

  void test('a flag given to Node itself (NODE_OPTIONS or its command line) wins', () => {
    assert.deepEqual(heapFlags('worker', { NODE_OPTIONS: '--max-old-space-size=512' }, []), [
      '--max-semi-space-size=4',
    ]);
    assert.deepEqual(heapFlags('worker', {}, ['--max-semi-space-size=8', '--max_old_space_size=300']), []);
  });

  void test('the relaunched command itself is not relaunched again', () => {
    assert.deepEqual(heapFlags('worker', { JAKAMO_SO_HEAP_LIMITED: '1' }, []), []);
  });

  void test('a value that is no number stops the start with the setting’s name', () => {
    assert.throws(
      () => heapFlags('worker', { WORKER_MAX_OLD_SPACE_SIZE: '192M' }, []),
      /WORKER_MAX_OLD_SPACE_SIZE: "192M" is not a whole number of MiB/,
    );
  });

  void test('the worker runs in a child with the limits and two malloc arenas, and dies when its launcher is killed', async (t) => {
    if (process.platform !== 'linux') return t.skip('reads /proc');
    // Launcher and worker are stopped after the test whatever its end (also a worker that outlived
    // its launcher), before their folder is removed.
    const tag = newTag(spawnTagVariable);
    t.after(() => stopTagged(tag));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-worker-heap-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // A Temporal address nobody answers: the worker keeps trying to connect until it is killed.
    const launcher = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'worker'], {
      env: {
        PATH: process.env.PATH ?? '',
        [tag.variable]: tag.value,
        TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
        JAKAMO_BASE_URL: 'http://127.0.0.1:9',
        JAKAMO_USERNAME: 'user',
        JAKAMO_PASSWORD: 'password',
        DATABASE_URL: path.join(dir, 'connector.sqlite'),
        DATA_DIR: dir,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => launcher.once('exit', resolve));
    const worker = await eventually('the worker started by its launcher', () =>
      Promise.resolve(childOf(launcher.pid)),
    );
    assert.match(
      fs.readFileSync(`/proc/${worker}/cmdline`, 'utf8'),
      /--max-old-space-size=192\0--max-semi-space-size=4\0/,
    );
    assert.match(fs.readFileSync(`/proc/${worker}/environ`, 'utf8'), /(^|\0)MALLOC_ARENA_MAX=2\0/);
    launcher.kill('SIGKILL');
    await exited;
    // Gone, or a zombie waiting for whoever adopted it to reap it: either way no longer running.
    await eventually('the worker gone with its launcher', () =>
      Promise.resolve(running(worker) ? undefined : true),
    );
  });
});

function childOf(pid: number | undefined): number | undefined {
  try {
    const [child] = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return child ? Number(child) : undefined;
  } catch {
    return undefined;
  }
}

function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
