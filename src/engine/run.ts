// The engine: runs a plan's targets (in parallel when asked), each through the VM
// lifecycle, and feeds one event stream. Post-processing that decides a result (kernel
// splats with fail_on_splat, TAP counts) happens here, before `target-end` reaches reporters.
import { availableParallelism, freemem } from 'node:os'
import { join } from 'node:path'
import type { Plan, Target } from '../plan/types.js'
import type { EngineEvent, EventSink, TapSummary, TargetResult } from '../plan/events.js'
import { runTarget, type HostSetup } from '../vm/lifecycle.js'
import type { Terminal } from '../vm/terminal-link.js'
import { isInteractive } from '../plan/interactive.js'
import { checkPaths } from '../config/paths.js'
import { detectSplats } from '../analysis/splat.js'
import { createTapParser, looksLikeTap, type TapParser } from '../analysis/tap.js'
import { autoJobs, memoryBudget, targetSlug } from './schedule.js'

export interface RunPlanOptions {
  plan: Plan
  sink: EventSink
  setup?: HostSetup
  signal?: AbortSignal
  /** The user's terminal, for targets with the interactive shell (`-`): the CLI's. */
  terminal?: Terminal
}

// Bounds on the console kept in memory per target for splat detection (the full text is in
// the log file). Lines and characters are both bounded: a guest printing megabyte-long lines
// must not make the host hold gigabytes. Command output is not kept at all: it streams
// through a TAP parser (TapWatch), whatever its size.
const CONSOLE_KEEP = 20_000
const CONSOLE_KEEP_CHARS = 8 * 1024 * 1024

export async function runPlan(opts: RunPlanOptions): Promise<TargetResult[]> {
  const { plan, sink } = opts
  const targets = plan.targets
  // One terminal: interactive shells take turns, so everything runs one at a time.
  const jobs = targets.some(isInteractive)
    ? 1
    : plan.options.jobs === 'auto'
      ? autoJobs(targets, availableParallelism(), memoryBudget(freemem(), process.constrainedMemory?.()))
      : Math.max(1, plan.options.jobs)
  sink({ type: 'run-start', targets, jobs })
  const results: TargetResult[] = new Array(targets.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++
      results[i] = await runOne(targets[i], opts)
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, targets.length) }, worker))
  sink({ type: 'run-end', results })
  return results
}

async function runOne(target: Target, opts: RunPlanOptions): Promise<TargetResult> {
  const { plan } = opts
  const consoleLines = new RecentLines(CONSOLE_KEEP, CONSOLE_KEEP_CHARS)
  const tap = plan.options.testOutput !== 'none' ? new TapWatch() : undefined
  let commandEnded = false
  const sink = (e: EngineEvent): void => {
    // Splats are judged on the console up to the end of the command: what the kernel says
    // while QEMU is being stopped is not the test's doing.
    if (e.type === 'stage-end' && e.stage === 'command') commandEnded = true
    if (e.type === 'console' && !commandEnded) consoleLines.push(e.line)
    else if (e.type === 'output') tap?.push(e.line)
    else if (e.type === 'target-end') finalize(e.result, consoleLines.toArray(), tap, plan)
    opts.sink(e)
  }
  if (opts.signal?.aborted) {
    const result: TargetResult = { name: target.name, arch: target.arch, result: 'skipped', exitCode: null, error: 'cancelled before it started', logs: {}, origin: target.origin }
    opts.sink({ type: 'target-start', target })
    opts.sink({ type: 'target-end', target, result })
    return result
  }
  try {
    checkPaths([target])
  } catch (e) {
    // A missing kernel or image is this target's failure (exit 69 alone), found before boot.
    const result: TargetResult = { name: target.name, arch: target.arch, result: 'error', exitCode: null, error: (e as Error).message, logs: {}, origin: target.origin }
    opts.sink({ type: 'target-start', target })
    opts.sink({ type: 'target-end', target, result })
    return result
  }
  const logDir = plan.options.logsDir ? join(plan.options.logsDir, targetSlug(target)) : undefined
  return runTarget({ target, options: plan.options, sink, setup: opts.setup, signal: opts.signal, logDir, terminal: opts.terminal })
}

/**
 * The last lines pushed, at most `maxLines` of them and about `maxChars` characters.
 * Pushing is O(1) amortised: dropped lines are skipped by an index and the array is
 * compacted in batches (a splice per line made a 50 MB output take minutes).
 */
export class RecentLines {
  private lines: string[] = []
  private head = 0
  private chars = 0
  constructor(
    private readonly maxLines: number,
    private readonly maxChars: number,
  ) {}

  push(line: string): void {
    this.lines.push(line)
    this.chars += line.length
    while (this.lines.length - this.head > this.maxLines || (this.chars > this.maxChars && this.lines.length - this.head > 1)) {
      this.chars -= this.lines[this.head].length
      this.head++
    }
    if (this.head >= 1024 && this.head * 2 >= this.lines.length) {
      this.lines = this.lines.slice(this.head)
      this.head = 0
    }
  }

  toArray(): string[] {
    return this.lines.slice(this.head)
  }
}

/**
 * TAP/KTAP in the command output, parsed as the lines stream by, so nothing but the parser's
 * bounded state is kept. For 'auto' it also records what `looksLikeTap` would find in the
 * whole output: a version line, or a plan and a test point.
 */
export class TapWatch {
  private readonly parser: TapParser = createTapParser()
  private version = false
  private plan = false
  private point = false

  push(line: string): void {
    this.parser.push(line)
    if (this.looksLikeTap || !MAYBE_TAP.test(line)) return
    if (looksLikeTap([line])) this.version = true
    else if (!this.plan && looksLikeTap([line, 'ok 1'])) this.plan = true
    else if (!this.point && looksLikeTap(['1..1', line])) this.point = true
  }

  get looksLikeTap(): boolean {
    return this.version || (this.plan && this.point)
  }

  result(): TapSummary | undefined {
    return this.parser.result()
  }
}

/** Cheap pre-check: a line without these cannot be a TAP version, plan or test point. */
const MAYBE_TAP = /ok|1\.\.|TAP/

function finalize(result: TargetResult, consoleLines: string[], tap: TapWatch | undefined, plan: Plan): void {
  const splats = detectSplats(consoleLines)
  if (splats.length) result.splats = splats
  const mode = plan.options.testOutput
  if (tap && (mode === 'tap' || (mode === 'auto' && tap.looksLikeTap))) {
    const tests = tap.result()
    if (tests) result.tests = tests
  }
  if (plan.options.failOnSplat && result.result === 'pass' && splats.length) {
    result.result = 'fail'
    result.error = `kernel splat with fail_on_splat: ${splats[0].title}`
  }
}
