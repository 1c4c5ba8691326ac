/**
 * `npm test [-- <vitest args or path filters>]`: one `vitest run` over every project in vitest.config.ts, with the
 * default reporter on the terminal and a JSON report in a temp file, then a last line `N passed, N failed`
 * (`, N skipped` when any were skipped) counting individual tests. Exits non-zero when a test failed, a test
 * file could not run, vitest itself failed, or no test ran.
 *
 *   npm test                                   every package's tests (PostgreSQL: DATABASE_URL or embedded)
 *   npm test -- subgraphs/kit                  a path filter (relative to the repo root)
 *   npm test -- --project scripts -t 'rule'    any vitest option
 *   npm test -w @meridian/kit                  a workspace's own `test` script, which calls this one
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The part of vitest's JSON report (Jest-compatible) this script reads. */
interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Why the run failed beyond the failing tests counted in `failed`; empty when it did not. */
  problems: string[];
}

const root = resolve(import.meta.dirname, '..');

/** Turns the JSON report and vitest's exit code into the counts of the final line. */
export function tally(report: JsonReport | undefined, exitCode: number, options: { allowEmpty?: boolean } = {}): Tally {
  const problems: string[] = [];
  if (!report) {
    problems.push(`vitest exited with code ${exitCode} without writing a report`);
    return { passed: 0, failed: 1, skipped: 0, problems };
  }
  let failed = report.numFailedTests;
  // A file that fails before its tests run (import error, failing beforeAll ...) has no failed test of its own:
  // count it as one failure so the summary cannot look green.
  for (const file of report.testResults) {
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      failed += 1;
      problems.push(`${file.name}: ${firstLine(file.message) || 'failed without a failing test'}`);
    }
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0 && !options.allowEmpty) problems.push('no test ran');
  if (exitCode !== 0 && failed === 0) {
    problems.push(`vitest exited with code ${exitCode} although no test failed (see its output above)`);
  }
  if (problems.length > 0 && failed === 0) failed = 1;
  return { passed: report.numPassedTests, failed, skipped, problems };
}

export function summaryLine({ passed, failed, skipped }: Tally): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? '';
}

async function runVitest(args: string[]): Promise<number> {
  const bin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  if (!existsSync(bin)) throw new Error(`vitest is not installed (${bin}): run npm ci first`);
  // process.execPath: the same Node that runs this script (Node 24 from node_modules/.bin under npm).
  const child = spawn(process.execPath, [bin, 'run', ...args], { cwd: root, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((done, fail) => {
      child.on('error', fail);
      child.on('exit', (code, signal) => done(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1)));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal as string];
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'meridian-test-'));
  const reportFile = join(dir, 'vitest-report.json');
  try {
    const args = process.argv.slice(2);
    const exitCode = await runVitest([
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
      ...args,
    ]);
    const report = existsSync(reportFile) ? (JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport) : undefined;
    // vitest's own --passWithNoTests (used by the workspaces' `test` scripts) also lets an empty run pass here
    const result = tally(report, exitCode, { allowEmpty: args.includes('--passWithNoTests') });
    for (const problem of result.problems) console.error(`test: ${problem}`);
    console.log(summaryLine(result));
    return result.failed > 0 || exitCode !== 0 ? exitCode || 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  process.exitCode = await main();
}
