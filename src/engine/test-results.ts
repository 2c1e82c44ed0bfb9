// A target's test results, gathered while it runs and judged when it ends: the command's
// output streams through the suite watcher, the console through a KTAP watcher (KUnit), and
// at the end the chosen results go into the TargetResult; with fail_on_test_failure a target
// whose tests failed fails, whatever its command's own exit status (kept in exitCode).
import type { TargetResult } from '../plan/events.js'
import { failingTestCount, type TestSummary } from '../plan/test-results.js'
import type { RunOptions, Target, TestOutputSource } from '../plan/types.js'
import {
  createConsoleKtapWatch,
  createSuiteWatch,
  type ConsoleKtapWatch,
  type SuiteWatch,
} from '../analysis/suite-watch.js'
import { mergeTestProgsJson, readTestProgsJson } from './test-json.js'

export interface TestWatch {
  output(line: string): void
  console(line: string): void
  /** Puts the results into `result` and applies fail_on_test_failure. */
  finish(result: TargetResult): void
}

/** The run-wide flag or input wins; then the target's vmtest.toml key; then the default. */
export function testSettings(
  target: Target,
  options: RunOptions,
): { source: TestOutputSource; failOnFailure: boolean } {
  return {
    source: options.testOutputSource ?? target.testOutputSource ?? 'auto',
    failOnFailure: options.failOnTestFailure ?? target.failOnTestFailure ?? true,
  }
}

export function createTestWatch(target: Target, options: RunOptions, startedAt = Date.now()): TestWatch {
  const mode = options.testOutput
  const { source, failOnFailure } = testSettings(target, options)
  const out: SuiteWatch | undefined = mode !== 'none' && source !== 'console' ? createSuiteWatch(mode) : undefined
  const cons: ConsoleKtapWatch | undefined =
    mode !== 'none' && source !== 'output' ? createConsoleKtapWatch(source === 'console') : undefined

  const pick = (): TestSummary | undefined => {
    let tests = out?.result()
    if (mode === 'test_progs' || mode === 'auto') {
      // Only test_progs' own results (or none at all) are completed by its JSON summary.
      const json = !tests || tests.format === 'test_progs' ? readTestProgsJson(target, startedAt) : undefined
      if (json)
        tests = {
          format: 'test_progs',
          ...mergeTestProgsJson(tests?.format === 'test_progs' ? tests : undefined, json),
        }
    }
    if (source === 'console') return cons?.result()
    if (source === 'auto' && !tests && cons?.seen) return cons.result()
    return tests
  }

  return {
    output: (line) => out?.push(line),
    console: (line) => cons?.push(line),
    finish(result) {
      const tests = pick()
      if (!tests) return
      result.tests = tests
      const failing = failingTestCount(tests)
      if (failOnFailure && result.result === 'pass' && failing > 0) {
        result.result = 'fail'
        result.error = `${failing} failing test${failing === 1 ? '' : 's'} (fail_on_test_failure)`
      }
    },
  }
}
