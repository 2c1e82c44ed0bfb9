// One target, start to finish: its log files opened, the accelerator chosen, a VM session
// run (boot → connect → setup → command → shutdown, see session.ts), and under KVM on
// probation a second session under TCG when KVM turns out to hang. Emits events and returns
// a result; never prints. Whatever happens — an error, a timeout, a panic, cancellation —
// QEMU is gone and the private files removed when this returns.
import type { HostSetup } from '../plan/host-setup.js'
import type { RunOptions, Target } from '../plan/types.js'
import type { EngineEvent, EventSink, TargetResult } from '../plan/events.js'
import { chooseAccel, markKvmBroken } from './accel.js'
import { mountsOutside } from './guest-env.js'
import { VmSession } from './session.js'
import { errorText, KvmHungError, TargetError } from './target-error.js'
import { openTargetLogs, type TargetLogs } from './target-logs.js'
import type { Terminal } from './terminal-link.js'

export interface TargetContext {
  target: Target
  options: RunOptions
  sink: EventSink
  /** What runner setup resolved; none (the CLI, tests): the system's tools (systemHostSetup). */
  setup?: HostSetup
  /** Cancellation (SIGINT/SIGTERM): stop at once, clean up, report `skipped`/`error`. */
  signal?: AbortSignal
  /** Folder for this target's console.log and command.log; none = no log files. */
  logDir?: string
  /** The user's terminal, for the interactive shell (`-`); only the CLI has one. */
  terminal?: Terminal
}

export async function runTarget(ctx: TargetContext): Promise<TargetResult> {
  const { target, sink } = ctx
  const result: TargetResult = {
    name: target.name,
    arch: target.arch,
    result: 'error',
    exitCode: null,
    logs: {},
    origin: target.origin,
  }
  sink({ type: 'target-start', target })
  warnMountsOutside(ctx)
  let logs: TargetLogs | undefined
  const emit = (e: EngineEvent): void => {
    if (e.type === 'console') logs?.console.write(e.line + '\n')
    sink(e)
  }
  try {
    if (ctx.logDir) {
      logs = openTargetLogs(
        ctx.logDir,
        (message) => sink({ type: 'warning', target, message }),
        ctx.options.maxLogBytes,
      )
      result.logs = { console: logs.console.path, command: logs.command.path }
    }
    let choice = await chooseAccel(target.arch, ctx.options.accel)
    for (;;) {
      result.accel = choice.accel
      result.accelReason = choice.reason
      emit({ type: 'setup', target, line: `accel: ${choice.accel.toUpperCase()} (${choice.reason})` })
      try {
        await new VmSession(ctx, choice, result, emit, logs?.command).run()
        break
      } catch (e) {
        if (!(e instanceof KvmHungError)) throw e
        markKvmBroken(e.message)
        emit({ type: 'warning', target, message: `${e.message}: booting under TCG instead` })
        choice = { accel: 'tcg', reason: e.message, probation: false }
      }
    }
  } catch (e) {
    result.result = ctx.signal?.aborted ? 'skipped' : 'error'
    result.error = ctx.signal?.aborted ? `cancelled (${String(ctx.signal.reason ?? 'signal')})` : errorText(e)
    if (e instanceof TargetError && e.consoleTail) result.consoleTail = e.consoleTail
  } finally {
    await logs?.close()
  }
  sink({ type: 'target-end', target, result })
  return result
}

/** `vm.mounts` outside the workspace are allowed, but a run says so. */
function warnMountsOutside({ target, sink }: TargetContext): void {
  // The config's folder (the CLI) or the checkout (the action) is the workspace.
  const workspaces = [target.sharedDir, process.env.GITHUB_WORKSPACE].filter((w): w is string => Boolean(w))
  for (const m of mountsOutside(target.vm.mounts, workspaces)) {
    sink({
      type: 'warning',
      target,
      message: `vm.mounts "${m.guestPath}": host path ${m.hostPath} is outside the workspace (${workspaces.join(', ')}); the guest can read${m.writable ? ' and write' : ''} it`,
    })
  }
}
