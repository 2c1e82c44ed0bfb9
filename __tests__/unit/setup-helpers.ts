// Shared pieces of the setup-* unit tests: plans without the config loader, and a fake Exec
// that records every command and answers from a table of handlers.
import type { Arch, Plan, RunOptions, Target } from '../../src/plan/types.js'
import type { Exec, ExecOpts, ExecResult } from '../../src/setup/exec.js'
import { makeTarget } from '../fixtures/target.js'

export function target(o: Partial<Target> & { arch?: Arch } = {}): Target {
  return makeTarget({
    name: 't',
    sharedDir: '/work',
    kernel: (o.kind ?? (o.image ? 'image' : 'kernel')) === 'kernel' ? '/boot/vmlinuz' : undefined,
    ...o,
    vm: { memory: '1G', ...o.vm },
  })
}

export function plan(targets: Target[], options: Partial<RunOptions> = {}): Plan {
  return {
    targets,
    options: {
      accel: 'auto',
      initramfs: 'auto',
      writeImage: false,
      envWithhold: [],
      envPass: [],
      jobs: 1,
      failOnSplat: false,
      testOutput: 'none',
      ...options,
    },
    warnings: [],
  }
}

export interface Call {
  command: string
  args: string[]
  opts?: ExecOpts
}

export type Handler = (
  args: string[],
  opts?: ExecOpts,
) => Partial<ExecResult> | Promise<Partial<ExecResult>> | undefined

/** An Exec that records calls; `handlers[command]` answers (undefined → not found, 127). */
export function recordingExec(handlers: Record<string, Handler>): {
  exec: Exec
  calls: Call[]
  line: (c: Call) => string
} {
  const calls: Call[] = []
  const exec: Exec = async (command, args, opts) => {
    calls.push({ command, args, opts })
    const name = command.split('/').pop() ?? command
    const h = handlers[command] ?? handlers[name]
    if (!h) return { exitCode: 127, stdout: '', stderr: `${command}: command not found` }
    const r = (await h(args, opts)) ?? {}
    return { exitCode: r.exitCode ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
  }
  return { exec, calls, line: (c) => [c.command, ...c.args].join(' ') }
}

/** Commands that talk to apt (what a warm tool-cache run must not run). */
export const isAptCommand = (c: Call): boolean =>
  /^apt(-get|-cache)?$/.test(c.command.split('/').pop() ?? '') ||
  (c.command === 'sudo' && c.args.some((a) => /^apt/.test(a)))
