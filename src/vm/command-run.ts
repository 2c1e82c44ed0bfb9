// The user's command in the guest, its output streamed on the output port, bounded by the
// command timeout. A kernel target's init runs it by itself and reports its end and status
// with the end marker; an image target's agent starts it inside our wrapper, and its end is
// seen by the wrapper's end marker (or the agent's exit status).
import type { QgaClient, ExecStatus } from './qga.js'
import { agentSupportsMergedOutput, exitCodeOf } from './qga.js'
import type { OutputPort } from './output-port.js'
import { commandInvocation } from '../guest/templates.js'
import type { TargetContext } from './lifecycle.js'
import { sleep, type Fatal } from './waits.js'

/** How long the port may stay silent, after the wrapper exited, before the end marker is
 *  given up on (it never comes when the wrapper was killed or the port is missing). */
const MARKER_IDLE_MS = 1_000
/** Upper bound of that wait even while bytes keep coming (a daemon still writing). */
const MARKER_DRAIN_MAX_MS = 60_000

export interface CommandOutcome {
  exitCode: number | null
  timedOut: boolean
}

async function drainUntilMarker(port: OutputPort, until: number): Promise<void> {
  let seen = false
  void port.ended.then(() => (seen = true))
  let bytes = port.bytes
  let quietSince = Date.now()
  while (!seen && Date.now() < until) {
    await Promise.race([port.ended, sleep(50)])
    if (port.bytes !== bytes) {
      bytes = port.bytes
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= MARKER_IDLE_MS) {
      return
    }
  }
}

/** An image target: the command through its agent, in the agent's directory and environment. */
export async function runCommand(
  ctx: TargetContext,
  qga: QgaClient,
  port: OutputPort,
  agentVersion: string,
  fatal: Fatal,
): Promise<CommandOutcome> {
  const { target, options } = ctx
  const inv = commandInvocation(target.command, '', port.marker)
  const pid = await fatal.race(
    qga.exec({
      path: inv.path,
      args: inv.args,
      captureOutput: agentSupportsMergedOutput(agentVersion) ? 'merged' : true,
    }),
  )

  let markerSeen = false
  void port.ended.then(() => (markerSeen = true))
  const deadline = options.commandTimeout ? Date.now() + options.commandTimeout * 1000 : Infinity
  let interval = 50
  let status: ExecStatus | undefined
  for (;;) {
    const wait = Math.min(markerSeen ? 5 : interval, deadline - Date.now())
    if (wait <= 0) return { exitCode: null, timedOut: true }
    await fatal.race(Promise.race([markerSeen ? sleep(wait) : port.ended.then(() => undefined), sleep(wait)]))
    status = await fatal.race(qga.execStatus(pid))
    if (status.exited) break
    if (!markerSeen) interval = Math.min(interval * 2, 500)
  }
  // The port can trail the agent by megabytes: what the command wrote before it exited may
  // still sit in the guest's virtqueue and QEMU's socket buffer. Shutting down now would
  // drop it, so wait for the end marker while output keeps arriving.
  if (!markerSeen) await fatal.race(drainUntilMarker(port, Math.min(deadline, Date.now() + MARKER_DRAIN_MAX_MS)))
  // Only non-empty when the output port was missing (the wrapper then falls back to this).
  for (const data of [status.outData, status.errData]) if (data?.length) port.inject(data)
  return { exitCode: exitCodeOf(status, 'the command wrapper'), timedOut: false }
}

/** A kernel target: the end marker our init sends once the command's wrapper has ended (its
 *  output is all before it, in the same pipe), or the command timeout. */
export async function awaitInitCommand(
  port: OutputPort,
  timeoutMs: number | undefined,
  fatal: Fatal,
): Promise<CommandOutcome> {
  const timedOut =
    timeoutMs === undefined ? new Promise<never>(() => {}) : sleep(timeoutMs).then(() => 'timeout' as const)
  const status = await fatal.race(Promise.race([port.ended, timedOut]))
  return status === 'timeout' ? { exitCode: null, timedOut: true } : { exitCode: status, timedOut: false }
}
