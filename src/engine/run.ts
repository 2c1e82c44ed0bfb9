// The engine: runs a plan's targets (in parallel when asked), each through the VM
// lifecycle, and feeds one event stream. Post-processing that decides a result (kernel
// splats with fail_on_splat, test results with fail_on_test_failure) happens here, before
// `target-end` reaches reporters.
import { availableParallelism, freemem } from 'node:os'
import { join } from 'node:path'
import type { Plan, Target } from '../plan/types.js'
import type { EngineEvent, EventSink, TargetResult } from '../plan/events.js'
import type { HostSetup } from '../plan/host-setup.js'
import { runTarget } from '../vm/lifecycle.js'
import type { Terminal } from '../vm/terminal-link.js'
import { isInteractive } from '../plan/interactive.js'
import { checkPaths } from '../config/paths.js'
import { assertImageFilesAllowed } from '../vm/image-check.js'
import { detectSplats } from '../analysis/splat.js'
import { LineTail } from '../analysis/tail.js'
import { autoJobs, memoryBudget, targetSlug } from './schedule.js'
import { createTestWatch, type TestWatch } from './test-results.js'

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
// through the test-suite parsers (createTestWatch), whatever its size.
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
  const consoleLines = new LineTail(CONSOLE_KEEP, CONSOLE_KEEP_CHARS)
  const tests = createTestWatch(target, plan.options)
  let commandEnded = false
  const sink = (e: EngineEvent): void => {
    // Splats (and the console's KTAP) are judged on the console up to the end of the
    // command: what the kernel says while QEMU is being stopped is not the test's doing.
    if (e.type === 'stage-end' && e.stage === 'command') commandEnded = true
    if (e.type === 'console' && !commandEnded) {
      consoleLines.push(e.line)
      tests.console(e.line)
    } else if (e.type === 'output') tests.output(e.line)
    else if (e.type === 'target-end') finalize(e.result, consoleLines.toArray(), tests, plan)
    opts.sink(e)
  }
  if (opts.signal?.aborted) {
    const result: TargetResult = {
      name: target.name,
      arch: target.arch,
      result: 'skipped',
      exitCode: null,
      error: 'cancelled before it started',
      logs: {},
      origin: target.origin,
    }
    opts.sink({ type: 'target-start', target })
    opts.sink({ type: 'target-end', target, result })
    return result
  }
  try {
    checkPaths([target])
    // An image that opens files outside the workspace or its folder is refused the same way.
    await assertImageFilesAllowed(target, { setup: opts.setup })
  } catch (e) {
    // A missing kernel or image is this target's failure (exit 69 alone), found before boot.
    const result: TargetResult = {
      name: target.name,
      arch: target.arch,
      result: 'error',
      exitCode: null,
      error: (e as Error).message,
      logs: {},
      origin: target.origin,
    }
    opts.sink({ type: 'target-start', target })
    opts.sink({ type: 'target-end', target, result })
    return result
  }
  const logDir = plan.options.logsDir ? join(plan.options.logsDir, targetSlug(target)) : undefined
  return runTarget({
    target,
    options: plan.options,
    sink,
    setup: opts.setup,
    signal: opts.signal,
    logDir,
    terminal: opts.terminal,
  })
}

function finalize(result: TargetResult, consoleLines: string[], tests: TestWatch, plan: Plan): void {
  const splats = detectSplats(consoleLines)
  if (splats.length) result.splats = splats
  tests.finish(result)
  if (plan.options.failOnSplat && result.result === 'pass' && splats.length) {
    result.result = 'fail'
    result.error = `kernel splat with fail_on_splat: ${splats[0].title}`
  }
}
