// One benchmark run through the engine (runPlan, as the CLI and the action call it), timed
// from its event stream with the host's monotonic clock.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPlan } from '../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../src/plan/events.js'
import type { Plan, Target } from '../src/plan/types.js'

export interface OursRun {
  results: TargetResult[]
  /** runPlan call to its return. */
  wallMs: number
  /** Per target, in plan order. */
  targets: {
    /** target-start to target-end. */
    wallMs: number
    /** Host time of the first and last output line, relative to target-start. */
    firstOutputMs?: number
    lastOutputMs?: number
    /** Host time the command's result was known (stage-end command), relative to target-start. */
    commandEndMs?: number
    outputLines: number
    /** Bytes of output lines (with their newlines), as the host received them. */
    outputBytes: number
  }[]
}

/** A kernel target sharing the host root, as the benchmark boots it. */
export function benchTarget(
  kernel: string,
  command: string,
  index = 0,
  vm: { numCpus: number; memory: string } = { numCpus: 1, memory: '1G' },
): Target {
  return {
    name: `bench-${index + 1}`,
    kind: 'kernel',
    arch: 'x86_64',
    kernel,
    uefi: false,
    rootfs: '/',
    qemuCommand: 'qemu-system-x86_64',
    command,
    kvmCpuArgs: 'host',
    vm: { ...vm, mounts: [], extraArgs: [] },
    sharedDir: tmpdir(),
    origin: { index },
  }
}

/** Run `targets` with `jobs`, logs written (so output takes the full path to a log file). */
export async function runOurs(targets: Target[], jobs: number, also?: (e: EngineEvent) => void): Promise<OursRun> {
  const logsDir = mkdtempSync(join(tmpdir(), 'vmtest-bench-logs-'))
  const plan: Plan = {
    targets,
    // The defaults a user gets (test_output auto keeps output lines for TAP detection).
    options: {
      accel: 'tcg',
      initramfs: 'auto',
      writeImage: false,
      envWithhold: [],
      envPass: [],
      jobs,
      failOnSplat: false,
      testOutput: 'auto',
      logsDir,
    },
    warnings: [],
  }
  const per = targets.map(() => ({
    start: 0,
    wallMs: 0,
    firstOutputMs: undefined as number | undefined,
    lastOutputMs: undefined as number | undefined,
    commandEndMs: undefined as number | undefined,
    outputLines: 0,
    outputBytes: 0,
  }))
  const at = (e: EngineEvent & { target: Target }) => per[e.target.origin.index]
  const sink = (e: EngineEvent): void => {
    const now = performance.now()
    also?.(e)
    switch (e.type) {
      case 'target-start':
        at(e).start = now
        break
      case 'output': {
        const p = at(e)
        p.firstOutputMs ??= now - p.start
        p.lastOutputMs = now - p.start
        p.outputLines++
        p.outputBytes += Buffer.byteLength(e.line) + 1
        break
      }
      case 'stage-end':
        if (e.stage === 'command') at(e).commandEndMs = now - at(e).start
        break
      case 'target-end':
        at(e).wallMs = now - at(e).start
        break
    }
  }
  try {
    const started = performance.now()
    const results = await runPlan({ plan, sink })
    const wallMs = performance.now() - started
    for (const r of results)
      if (r.result !== 'pass') throw new Error(`bench target ${r.name}: ${r.result}: ${r.error ?? ''}`)
    return { results, wallMs, targets: per.map(({ start: _start, ...rest }) => rest) }
  } finally {
    rmSync(logsDir, { recursive: true, force: true })
  }
}
