// The user's command in the guest: started through the agent inside our wrapper, its output
// streamed on the output port, its end seen by the wrapper's end marker (or the agent's
// exit status), bounded by the command timeout.
import type { QgaClient, ExecStatus } from './qga.js'
import { agentSupportsMergedOutput, exitCodeOf } from './qga.js'
import type { OutputPort } from './output-port.js'
import { commandInvocation } from '../guest/templates.js'
import { guestEnvironment } from './guest-env.js'
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

export async function runCommand(ctx: TargetContext, qga: QgaClient, port: OutputPort, agentVersion: string, fatal: Fatal): Promise<CommandOutcome> {
  const { target, options } = ctx
  const cwd = target.kind === 'kernel' && target.rootfs === '/' ? target.sharedDir : ''
  const inv = commandInvocation(target.command, cwd, port.marker)
  const env = target.kind === 'kernel' ? guestEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }) : undefined
  const pid = await fatal.race(qga.exec({ path: inv.path, args: inv.args, env, captureOutput: agentSupportsMergedOutput(agentVersion) ? 'merged' : true }))

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
