// The V8 heap limits of the long-running commands (`worker`, `start`). Node takes them only on its
// command line (or NODE_OPTIONS) before it starts: a heap that is already running keeps the
// limits it was created with. So bin/jakamo-so.cjs starts the command in a child process with
// them (and with two malloc arenas, which glibc also reads only at start), and this parent only
// relays signals and the exit. Plain CommonJS without tsx, so that
// the parent stays small (about 7 MiB of its own; the Node binary's pages are shared with the child).
//
// The measurements behind the defaults are in docs/performance.md ("Memory"); the settings are
// described in docs/configuration.md ("Worker sizing"). This is the one place besides
// config/settings.ts that reads the environment: the settings are parsed in the child, which
// checks these two variables again with the others.
'use strict';
const { spawn } = require('node:child_process');

const longRunning = new Set(['worker', 'start']);
/** Set in the child: it is the command itself, not another launcher. */
const childMarker = 'JAKAMO_SO_HEAP_LIMITED';
const defaultCachedWorkflows = 100; // config/settings.ts, workerSizingDefaults
const defaultSemiSpaceMiB = 4;

/** A whole number from the environment; undefined when absent or empty, NaN when not a whole number. */
function wholeNumber(value) {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

/** A heap size setting in MiB; a value that is not one stops the start, as config/settings.ts does. */
function mebibytes(env, name) {
  const value = wholeNumber(env[name]);
  if (Number.isNaN(value)) {
    throw new Error(
      `Invalid configuration: ${name}: "${env[name].trim()}" is not a whole number of MiB (for example 192, or 0 for Node's default)`,
    );
  }
  return value;
}

/**
 * The Node flags the command should run with, or none. 192 MiB of old space (more for a larger
 * workflow cache: the cached workflows live on the heap, about 0.5 MiB each at most) and young
 * generation semi-spaces of 4 MiB instead of 16. `0` keeps Node's own default; a flag already
 * given in NODE_OPTIONS or on Node's command line wins. Throws on a value that is no number.
 */
function heapFlags(command, env, execArgv) {
  if (!longRunning.has(command) || env[childMarker] !== undefined) return [];
  const given = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  // An invalid cache size is refused by the settings in the child; the default serves until then.
  const cache = wholeNumber(env.WORKER_MAX_CACHED_WORKFLOWS) || defaultCachedWorkflows;
  const oldSpace = mebibytes(env, 'WORKER_MAX_OLD_SPACE_SIZE') ?? Math.max(192, 64 + Math.ceil(cache / 2));
  const semiSpace = mebibytes(env, 'WORKER_MAX_SEMI_SPACE_SIZE') ?? defaultSemiSpaceMiB;
  const flags = [];
  if (oldSpace > 0 && !/--max[-_]old[-_]space[-_]size/.test(given)) {
    flags.push(`--max-old-space-size=${oldSpace}`);
  }
  if (semiSpace > 0 && !/--max[-_]semi[-_]space[-_]size/.test(given)) {
    flags.push(`--max-semi-space-size=${semiSpace}`);
  }
  return flags;
}

/**
 * Runs this same script again with `flags`, and ends as the child ends. The child gets its own
 * process group, so that Ctrl-C reaches it once (relayed from here), not twice (a second SIGINT
 * would cut its graceful shutdown short).
 */
function relaunch(flags) {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    // glibc's malloc gives the threads (the SDK's Rust core, Node's own) up to eight arenas per
    // core, and their freed pages stay resident: two arenas took 55-60 MiB off the worker at no
    // measurable cost in CPU (docs/performance.md, "Memory"). A value in the environment wins.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, [childMarker]: '1' },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const relayed = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of relayed) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => {
    console.error(`jakamo-so: could not start ${process.argv[2]}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    for (const name of relayed) process.removeAllListeners(name);
    process.kill(process.pid, signal);
  });
}

/**
 * In the child: when the parent dies without relaying anything (SIGKILL, a crash), die the same
 * way, so that killing the process one started kills the worker (process managers, tests).
 */
function dieWithParent() {
  if (process.env[childMarker] === undefined || process.channel === undefined) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}

module.exports = { heapFlags, relaunch, dieWithParent };
