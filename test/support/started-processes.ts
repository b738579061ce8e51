import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eventually } from './eventually';

/**
 * Every process a test run, or one command a test spawned, has started: children, grandchildren
 * and orphans whose parent is gone. Each carries a tag in its environment, which it hands on to
 * what it starts (the product's processes inherit their environment, `jakamo-so start`'s dev
 * server included), and which outlives its parent. Read from /proc (Linux); elsewhere nothing is
 * found, and only the direct child can be stopped.
 */

/** Set by test/run-tests.ts for the test runner: every process of the run carries it. */
export const runTagVariable = 'TEST_RUN_TAG';
/** Set for one spawned command (for example one `jakamo-so start`): every process of it carries it. */
export const spawnTagVariable = 'TEST_SPAWN_TAG';

export interface ProcessTag {
  variable: string;
  value: string;
}

export interface TaggedProcess {
  pid: number;
  /** Its command line, for a message. */
  command: string;
}

export const newTag = (variable: string): ProcessTag => ({ variable, value: randomUUID() });

function readProc(pid: string, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    // Gone meanwhile, or not ours to read.
    return '';
  }
}

/** The live processes carrying `tag` (a zombie has no environment left: it is not counted). */
export function processesTagged(tag: ProcessTag): TaggedProcess[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const entry = `${tag.variable}=${tag.value}`;
  return entries
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => readProc(pid, 'environ').split('\0').includes(entry))
    .map((pid) => ({ pid: Number(pid), command: readProc(pid, 'cmdline').split('\0').join(' ').trim() }));
}

/**
 * SIGKILLs every process carrying `tag`, again until none is left (one may be starting another
 * meanwhile). Resolves with what the first look found.
 */
export async function stopTagged(tag: ProcessTag): Promise<TaggedProcess[]> {
  const found = processesTagged(tag);
  await eventually(
    `no process left with ${tag.variable}=${tag.value}`,
    () => {
      const left = processesTagged(tag);
      for (const { pid } of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Ended by itself meanwhile.
        }
      }
      return Promise.resolve(left.length === 0 ? true : undefined);
    },
    { intervalMs: 50 },
  );
  return found;
}
