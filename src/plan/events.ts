// The typed event stream between the engine and every reporter. The engine never prints;
// reporters (terminal, Actions log groups, summary, annotations, JSON) only consume these.
import type { TestSummary } from './test-results.js'
import type { Accel, Target } from './types.js'

export type { TestSummary } from './test-results.js'

export interface Splat {
  /** e.g. 'panic', 'oops', 'bug', 'warning', 'kasan', 'ubsan', 'rcu-stall', 'soft-lockup',
   *  'hard-lockup', 'hung-task' */
  kind: string
  /** The first line (the headline) of the splat. */
  title: string
  /** The splat's lines, bounded (headline, call trace…). */
  excerpt: string[]
  /** 'error' for panics/oops/BUG/KASAN, 'warning' for the rest. */
  severity: 'error' | 'warning'
}

export type Stage = 'boot' | 'setup' | 'command'

/** pass: command exited 0; fail: non-zero; error: never ran (boot/setup/agent);
 *  timeout: command stopped at `timeout`; skipped: not run (e.g. cancelled). */
export type Outcome = 'pass' | 'fail' | 'error' | 'timeout' | 'skipped'

export interface TargetResult {
  name: string
  arch: string
  result: Outcome
  /** The command's exit status (128+n for a signal death); null when it never finished. */
  exitCode: number | null
  accel?: Accel
  /** Why this accel was chosen, e.g. "KVM hung after the decompressor: fell back to TCG". */
  accelReason?: string
  /** `uname -r` of the guest, when known. */
  kernelRelease?: string
  bootSeconds?: number
  commandSeconds?: number
  /** Human-readable reason for error/timeout/fail. */
  error?: string
  /** Last console lines (boot failures) */
  consoleTail?: string[]
  /** Paths of the per-target log files written by the engine. */
  logs: { console?: string; command?: string }
  /** Kernel splats found in the console (see src/analysis/splat.ts). */
  splats?: Splat[]
  /** Test-suite results parsed from the command output or the console (KTAP, test_progs,
   *  test_verifier/test_maps; see src/analysis/suite-watch.ts), tagged by `format`. */
  tests?: TestSummary
  /** Origin line of the `[[target]]` for annotations. */
  origin: Target['origin']
}

export type EngineEvent =
  | { type: 'run-start'; targets: Target[]; jobs: number }
  | { type: 'target-start'; target: Target }
  | { type: 'stage-start'; target: Target; stage: Stage }
  | { type: 'stage-end'; target: Target; stage: Stage; ok: boolean; seconds: number; error?: string }
  /** A line of the serial console (kernel / firmware messages). */
  | { type: 'console'; target: Target; line: string }
  /** A line of setup output (mounts, initramfs decisions, accel choice). */
  | { type: 'setup'; target: Target; line: string }
  /** A line the guest command printed (stdout and stderr merged, in order). */
  | { type: 'output'; target: Target; line: string }
  | { type: 'warning'; target?: Target; message: string }
  | { type: 'target-end'; target: Target; result: TargetResult }
  | { type: 'run-end'; results: TargetResult[] }

export type EventSink = (event: EngineEvent) => void
