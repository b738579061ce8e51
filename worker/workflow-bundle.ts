import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowBundle, WorkflowBundlePath } from '@temporalio/worker';
import { projectRoot } from '../config/project-root';

/**
 * The workflow code, bundled once and kept on disk, so that a worker loads a finished bundle
 * (`workflowBundle: { codePath }`, as the SDK recommends for production) instead of running
 * webpack in its own process at every start (110 MiB that stay; docs/performance.md, "Memory").
 * The bundle is built in a child process (build-workflow-bundle.ts) and named by a hash of the
 * sources, so a changed source gets a new bundle and an unchanged one is never rebuilt.
 */

const buildScript = path.join(__dirname, 'build-workflow-bundle.ts');
const buildTimeoutMs = 180_000;
/**
 * Bundles not used for this long are removed when another is built. A worker reads its bundle
 * once, at start; each use renews the file's time (markUsed).
 */
const staleAfterMs = 3600_000;

/** Folders whose sources never go into the workflow bundle (tests, benchmarks, the soak runner and their harness). */
const notBundled = new Set(['node_modules', 'test', 'bench', 'soak', 'harness', 'dist']);

/** The path of an up-to-date workflow bundle, building it first (in a child process) when there is none. */
export async function prebuiltWorkflowBundle(): Promise<WorkflowBundlePath> {
  const name = `workflows-${workflowSourceHash()}.js`;
  for (const dir of cacheDirs()) {
    const codePath = path.join(dir, name);
    if (fs.existsSync(codePath)) {
      markUsed(codePath);
      return { codePath };
    }
  }
  const dir = writableCacheDir();
  const codePath = path.join(dir, name);
  await buildInChild(codePath);
  removeStaleBundles(dir, name);
  return { codePath };
}

/** The same bundle as its code (tests hand it to many workers and to the replayer). */
export async function workflowBundleCode(): Promise<WorkflowBundle> {
  const { codePath } = await prebuiltWorkflowBundle();
  return { code: fs.readFileSync(codePath, 'utf8') };
}

/**
 * A hash of everything the bundle can be made of: every TypeScript source of the product (not
 * only workflows/ and what it imports today, so that a new import cannot be missed), the
 * dependency versions (package-lock.json: the SDK's workflow runtime is bundled too) and the
 * compiler settings.
 */
export function workflowSourceHash(): string {
  const hash = createHash('sha256');
  const files = [...sourceFiles(projectRoot), 'package-lock.json', 'tsconfig.json'];
  for (const file of files.sort()) {
    const absolute = path.join(projectRoot, file);
    if (!fs.existsSync(absolute)) continue;
    hash.update(file).update('\0').update(fs.readFileSync(absolute)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

function sourceFiles(dir: string, relative = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // Dot folders hold tools, caches and results, never sources.
    if (entry.name.startsWith('.')) continue;
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (relative === '' && notBundled.has(entry.name)) continue;
      files.push(...sourceFiles(path.join(dir, entry.name), child));
    } else if (entry.isFile() && /\.(ts|js|mjs|cjs)$/.test(entry.name)) {
      files.push(child);
    }
  }
  return files;
}

/**
 * Where bundles are kept: node_modules/.cache (beside the dependencies they are built from), or
 * the temporary folder when that is read-only (a container running as another user).
 */
function cacheDirs(): string[] {
  return [
    path.join(projectRoot, 'node_modules', '.cache', 'jakamo-so'),
    path.join(os.tmpdir(), `jakamo-so-${os.userInfo().uid}`),
  ];
}

function writableCacheDir(): string {
  for (const dir of cacheDirs()) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `No writable folder for the workflow bundle (tried ${cacheDirs().join(', ')}): make one of them writable`,
  );
}

async function buildInChild(codePath: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', buildScript, codePath], {
      cwd: projectRoot,
      timeout: buildTimeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      // The child needs no heap limit the parent may have been given; it only bundles.
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    const detail = stderr?.trim() || (error instanceof Error ? error.message : String(error));
    throw new Error(
      `Bundling the workflow code failed, so the worker cannot start (fix the error below; \`npx tsc --noEmit -p .\` shows type errors):\n${detail}`,
    );
  }
  if (!fs.existsSync(codePath)) {
    throw new Error(`Bundling the workflow code ended without writing ${codePath}`);
  }
}

/** A found bundle is as fresh as a new one, so that a build for other sources does not remove it. */
function markUsed(codePath: string): void {
  const now = new Date();
  try {
    fs.utimesSync(codePath, now, now);
  } catch {
    // a read-only cache (an image built ahead): nothing removes bundles there either
  }
}

/** Keeps the cache from growing with every source change. */
function removeStaleBundles(dir: string, keep: string): void {
  const now = Date.now();
  for (const entry of fs.readdirSync(dir)) {
    if (entry === keep || !/^workflows-.*\.js(\..*\.partial)?$/.test(entry)) continue;
    const file = path.join(dir, entry);
    try {
      if (now - fs.statSync(file).mtimeMs > staleAfterMs) fs.rmSync(file, { force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}
