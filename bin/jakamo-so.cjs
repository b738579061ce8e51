#!/usr/bin/env node
// The `jakamo-so` command. The product runs from its TypeScript sources through tsx, so a
// fresh `npm install` is enough: no build step stands between a change and the CLI.
'use strict';
const path = require('node:path');
const { heapFlags, relaunch, dieWithParent } = require('./worker-heap.cjs');

// `worker` and `start` run with a bounded V8 heap (see worker-heap.cjs): started again with the
// flags, in a child process, before anything is loaded here.
let flags;
try {
  flags = heapFlags(process.argv[2], process.env, process.execArgv);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
if (flags.length > 0) {
  relaunch(flags);
} else {
  dieWithParent();
  require('tsx/cjs');
  const { runCli } = require(path.join(__dirname, '..', 'client', 'cli', 'cli.ts'));
  void runCli(process.argv);
}
