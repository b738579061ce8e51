#!/usr/bin/env node
// The `jakamo-so` command. The product runs from its TypeScript sources through tsx, so a
// fresh `npm install` is enough: no build step stands between a change and the CLI.
'use strict';
const path = require('node:path');
require('tsx/cjs');
const { runCli } = require(path.join(__dirname, '..', 'client', 'cli.ts'));
void runCli(process.argv);
