// The machine-readable result of a run (the action's `results` output, the CLI's
// `--json FILE`) and the process exit status.
import type { TargetResult } from '../plan/events.js'
import type { SuiteCounts } from '../plan/test-results.js'
import { testsView } from './tests-view.js'

/** sysexits.h EX_UNAVAILABLE: upstream's status when the VM never ran the command. */
const EX_UNAVAILABLE = 69
/** What coreutils `timeout` returns when the command timed out. */
const EX_TIMEOUT = 124

export interface ResultJson {
  name: string
  result: TargetResult['result']
  exit_code: number | null
  arch: string
  accel: string | null
  accel_reason: string | null
  kernel_release: string | null
  boot_seconds: number | null
  command_seconds: number | null
  error: string | null
  logs: { console: string | null; command: string | null }
  splats: number
  tests: TestsJson | null
}

/** A target's parsed test results: the outer level's counts (KTAP's top-level points,
 *  test_progs' tests, BPF cases) flat, the level below in `subtests`. */
export interface TestsJson {
  format: 'ktap' | 'test_progs' | 'bpf_summary'
  planned: number | null
  passed: number
  failed: number
  skipped: number
  todo: number
  subtests: SuiteCounts | null
  bailouts: number
  plan_problems: number
  /** Every failure at every level (what fail_on_test_failure counts). */
  failing: number
  /** The program's own summary line (test_progs, test_verifier, test_maps). */
  reported: { passed: number; skipped: number; failed: number } | null
}

function testsJson(r: TargetResult): TestsJson | null {
  if (!r.tests) return null
  const v = testsView(r.tests)
  return {
    format: r.tests.format,
    planned: v.planned,
    passed: v.top.passed,
    failed: v.top.failed,
    skipped: v.top.skipped,
    todo: v.top.todo,
    subtests: v.sub ? { ...v.sub } : null,
    bailouts: v.bailouts,
    plan_problems: v.planProblems,
    failing: v.failing,
    reported: v.reported ? { ...v.reported } : null,
  }
}

const round = (n: number | undefined): number | null => (n === undefined ? null : Math.round(n * 1000) / 1000)

/**
 * One snake_case object per target. Every key is always present (null when unknown) so
 * workflow expressions like `fromJSON(steps.vm.outputs.results)[0].exit_code` never hit a
 * missing key.
 */
export function resultsJson(results: TargetResult[]): ResultJson[] {
  return results.map((r) => ({
    name: r.name,
    result: r.result,
    exit_code: r.exitCode,
    arch: r.arch,
    accel: r.accel ?? null,
    accel_reason: r.accelReason ?? null,
    kernel_release: r.kernelRelease ?? null,
    boot_seconds: round(r.bootSeconds),
    command_seconds: round(r.commandSeconds),
    error: r.error ?? null,
    logs: { console: r.logs.console ?? null, command: r.logs.command ?? null },
    splats: r.splats?.length ?? 0,
    tests: testsJson(r),
  }))
}

/** The one answer to "did this target fail": fail, timeout and error count as failed; pass
 *  and skipped (cancelled before it ran) do not. Every reporter and front end asks here. */
export function isFailed(r: Pick<TargetResult, 'result'>): boolean {
  return r.result === 'fail' || r.result === 'timeout' || r.result === 'error'
}

/** How many targets passed and how many failed (skipped ones are neither). */
export function countResults(results: readonly Pick<TargetResult, 'result'>[]): { passed: number; failed: number } {
  let passed = 0
  let failed = 0
  for (const r of results) {
    if (isFailed(r)) failed++
    else if (r.result === 'pass') passed++
  }
  return { passed, failed }
}

/**
 * The process exit status, compatible with upstream:
 * - exactly one target: its command's exit status (a signal death is 128+n); 69 when the
 *   command never ran (error, skipped); 124 when it timed out (as coreutils `timeout`); 1
 *   when it failed with status 0 (a kernel splat with fail_on_splat, failing tests with fail_on_test_failure);
 * - several targets: the number that failed (fail, timeout, error), capped at 255 so that
 *   256 failures cannot wrap to 0 (success);
 * - no targets: 0 in config mode (upstream: nothing matched the filter), 69 in single mode
 *   (a one-liner that produced no result never ran its command).
 */
export function exitStatus(results: TargetResult[], mode: 'single' | 'config'): number {
  if (results.length === 0) return mode === 'single' ? EX_UNAVAILABLE : 0
  if (results.length === 1) {
    const r = results[0] as TargetResult
    switch (r.result) {
      case 'pass':
        return 0
      case 'timeout':
        return EX_TIMEOUT
      case 'error':
      case 'skipped':
        return EX_UNAVAILABLE
      case 'fail':
        if (r.exitCode === null || r.exitCode === 0) return 1
        return r.exitCode > 255 || r.exitCode < 0 ? 1 : r.exitCode
    }
  }
  return Math.min(255, results.filter(isFailed).length)
}
