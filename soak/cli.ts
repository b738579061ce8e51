/**
 * `npm run soak`: the soak of issue 10 with the issue's numbers by default; flags change them.
 *
 *   npm run soak                                  # 2,000 orders, every fault, 10 kills, both restarts
 *   npm run soak -- --orders 100 --kills 2 --no-restart-dev-server
 *
 * Prints progress, then the report and one verdict line; exit code 0 on PASS, 1 on FAIL. The
 * soak's folder (logs, databases, `soak-report.txt`, `soak-results.json`) is kept and named.
 */
import { Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../config/values';
import { parseFaults } from '../sandbox/faults';
import { verdictLine } from './checks';
import { issueSoak, type SoakOptions } from './options';
import { runSoak } from './run-soak';

function whole(name: string, min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return value;
  };
}

function share(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 0.5)) throw new InvalidArgumentError('a share is a number from 0 to 0.5');
  return value;
}

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface CliOptions {
  orders: number;
  placeEvery: number;
  badMessages: number;
  kills: number;
  restartDevServer: boolean;
  restartSandbox: boolean;
  orderResponseShare: number;
  erpShare: number;
  faults?: string;
  timeout: number;
  dir?: string;
  seed: number;
}

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const program = new Command('soak')
    .description(
      'Run the soak of issue 10: orders under faults, kills and restarts, then a Jepsen-style check',
    )
    .option('--orders <n>', 'customer orders to place', whole('--orders', 1), issueSoak.orders)
    .option(
      '--place-every <ms>',
      'one order every <ms> milliseconds',
      whole('--place-every', 0),
      issueSoak.placeEveryMs,
    )
    .option(
      '--bad-messages <n>',
      'bad messages from the hostile corpus, interleaved',
      whole('--bad-messages', 0),
      issueSoak.badMessages,
    )
    .option(
      '--kills <n>',
      'SIGKILLs of the worker (crash points included)',
      whole('--kills', 0),
      issueSoak.kills,
    )
    .option('--no-restart-dev-server', 'do not restart the Temporal dev server')
    .option('--no-restart-sandbox', 'do not restart the Jakamo sandbox')
    .option(
      '--order-response-share <x>',
      'share of orders confirmed with an OrderResponse',
      share,
      issueSoak.shares.orderResponse,
    )
    .option(
      '--erp-share <x>',
      'share of orders confirmed by the ERP and then delivered',
      share,
      issueSoak.shares.erpConfirmDeliver,
    )
    .option('--faults <json>', `sandbox faults on top of the issue's (${JSON.stringify(issueSoak.faults)})`)
    .option('--timeout <duration>', 'bound of the whole soak (e.g. 60m)', duration, issueSoak.timeoutMs)
    .option('--dir <path>', 'folder of the soak (default: a new temporary folder)')
    .option('--seed <n>', "seed of the soak's own dice", whole('--seed', 0), issueSoak.seed)
    .exitOverride();
  program.parse(argv);
  const cli = program.opts<CliOptions>();
  const faults = {
    ...issueSoak.faults,
    ...(cli.faults === undefined ? {} : parseFaults(cli.faults, '--faults')),
  };
  const abort = new AbortController();
  process.once('SIGINT', () => {
    write('SIGINT: stopping the soak; what was done is judged');
    abort.abort();
  });
  const options: SoakOptions = {
    orders: cli.orders,
    placeEveryMs: cli.placeEvery,
    badMessages: cli.badMessages,
    kills: cli.kills,
    restartDevServer: cli.restartDevServer,
    restartSandbox: cli.restartSandbox,
    shares: { orderResponse: cli.orderResponseShare, erpConfirmDeliver: cli.erpShare },
    faults,
    timeoutMs: cli.timeout,
    dir: cli.dir,
    seed: cli.seed,
    log: write,
    signal: abort.signal,
  };
  // The soak bounds its own waits; this bounds the soak, should one of its own calls hang.
  const hung = new Promise<'hung'>((resolve) =>
    setTimeout(() => resolve('hung'), cli.timeout + 10 * 60_000).unref(),
  );
  const result = await Promise.race([runSoak(options), hung]);
  if (result === 'hung') {
    write(verdictLine({ lost: 0, duplicated: 0, stuck: 1, quarantinedGood: 0, other: 0, pass: false }));
    write('(the soak itself did not finish within its timeout and 10 minutes)');
    return 1;
  }
  write('');
  write(result.report);
  return result.check.verdict.pass ? 0 : 1;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if ((error as { code?: string }).code?.startsWith('commander.'))
      process.exit((error as { exitCode?: number }).exitCode ?? 1);
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
