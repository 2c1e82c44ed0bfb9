// The engine: runs a plan's targets (in parallel when asked), each through the VM
// lifecycle, and feeds one event stream. Post-processing that decides a result (kernel
// splats with fail_on_splat, TAP counts) happens here, before `target-end` reaches reporters.
import { availableParallelism, freemem } from 'node:os'
import { join } from 'node:path'
import type { Plan, Target } from '../plan/types.js'
import type { EngineEvent, EventSink, TargetResult } from './events.js'
import { runTarget, type HostSetup } from '../vm/lifecycle.js'
import { checkPaths } from '../config/paths.js'
import { detectSplats } from '../report/splat.js'
import { looksLikeTap, parseTap } from '../report/tap.js'
import { autoJobs, memoryBudget, targetSlug } from './schedule.js'

export interface RunPlanOptions {
  plan: Plan
  sink: EventSink
  setup?: HostSetup
  signal?: AbortSignal
}

// Bounds on what is kept in memory per target for post-processing; the full text is in the
// log files.
const CONSOLE_KEEP = 20_000
const OUTPUT_KEEP = 200_000

export async function runPlan(opts: RunPlanOptions): Promise<TargetResult[]> {
  const { plan, sink } = opts
  const targets = plan.targets
  const jobs =
    plan.options.jobs === 'auto'
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
  const consoleLines: string[] = []
  const outputLines: string[] = []
  const keepOutput = plan.options.testOutput !== 'none'
  let commandEnded = false
  const sink = (e: EngineEvent): void => {
    // Splats are judged on the console up to the end of the command: what the kernel says
    // while QEMU is being stopped is not the test's doing.
    if (e.type === 'stage-end' && e.stage === 'command') commandEnded = true
    if (e.type === 'console' && !commandEnded) push(consoleLines, e.line, CONSOLE_KEEP)
    else if (e.type === 'output' && keepOutput) push(outputLines, e.line, OUTPUT_KEEP)
    else if (e.type === 'target-end') finalize(e.result, consoleLines, outputLines, plan)
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
  return runTarget({ target, options: plan.options, sink, setup: opts.setup, signal: opts.signal, logDir })
}

function push(lines: string[], line: string, max: number): void {
  lines.push(line)
  if (lines.length > max) lines.splice(0, lines.length - max)
}

function finalize(result: TargetResult, consoleLines: string[], outputLines: string[], plan: Plan): void {
  const splats = detectSplats(consoleLines)
  if (splats.length) result.splats = splats
  const mode = plan.options.testOutput
  if (mode === 'tap' || (mode === 'auto' && looksLikeTap(outputLines))) {
    const tap = parseTap(outputLines)
    if (tap) result.tests = tap
  }
  if (plan.options.failOnSplat && result.result === 'pass' && splats.length) {
    result.result = 'fail'
    result.error = `kernel splat with fail_on_splat: ${splats[0].title}`
  }
}
