import { describe, expect, it } from 'vitest';
import { summaryLine, tally } from './test.ts';

const report = (over: Partial<Parameters<typeof tally>[0] & object> = {}) => ({
  numTotalTests: 5,
  numPassedTests: 4,
  numFailedTests: 1,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [{ name: 'a.test.ts', status: 'failed', assertionResults: [{ status: 'failed' }] }],
  ...over,
});

describe('npm test summary line', () => {
  it('counts individual tests', () => {
    expect(summaryLine(tally(report(), 1))).toBe('4 passed, 1 failed');
  });

  it('adds skipped (skip and todo) only when there are any', () => {
    const all = tally(report({ numFailedTests: 0, numPendingTests: 2, numTodoTests: 1, testResults: [] }), 0);
    expect(summaryLine(all)).toBe('4 passed, 0 failed, 3 skipped');
    expect(all.problems).toEqual([]);
  });

  it('counts a file that failed before its tests ran as one failure', () => {
    const result = tally(
      report({
        numFailedTests: 0,
        testResults: [
          { name: 'b.test.ts', status: 'failed', message: 'Cannot find module x\n  at ...', assertionResults: [] },
        ],
      }),
      1,
    );
    expect(summaryLine(result)).toBe('4 passed, 1 failed');
    expect(result.problems).toEqual(['b.test.ts: Cannot find module x']);
  });

  it('never looks green when vitest failed or ran nothing', () => {
    expect(summaryLine(tally(undefined, 1))).toBe('0 passed, 1 failed');
    const none = tally(report({ numTotalTests: 0, numPassedTests: 0, numFailedTests: 0, testResults: [] }), 1);
    expect(summaryLine(none)).toBe('0 passed, 1 failed');
    expect(none.problems[0]).toBe('no test ran');
    const allowed = tally(report({ numTotalTests: 0, numPassedTests: 0, numFailedTests: 0, testResults: [] }), 0, {
      allowEmpty: true,
    });
    expect(summaryLine(allowed)).toBe('0 passed, 0 failed');
    const unhandled = tally(report({ numFailedTests: 0, testResults: [] }), 1);
    expect(summaryLine(unhandled)).toBe('4 passed, 1 failed');
  });
});
