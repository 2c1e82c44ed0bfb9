// One target, start to finish: boot → connect → mount → exec → collect → shut down
// (reference §5). Emits events and returns a result; never prints. Whatever happens —
// an error, a timeout, a panic, cancellation — QEMU is gone and the private files removed
// when this returns.
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Accel, Arch, RunOptions, Target } from '../plan/types.js'
import type { EngineEvent, EventSink, Stage, TargetResult } from '../plan/events.js'
import { buildQemuArgv, mountShares, SHARED_MOUNT_TAG } from '../qemu/argv.js'
import { archSpec } from '../qemu/arch.js'
import { resolveUefiFirmware } from '../qemu/firmware.js'
import { detectImageFormat } from '../qemu/image-format.js'
import { imageBootProblem } from '../qemu/image-boot.js'
import { prepareBootPath } from '../initramfs/index.js'
import { QmpClient } from './qmp.js'
import { QgaClient, exitCodeOf, versionAtLeast, type ExecStatus } from './qga.js'
import { chooseAccel, markKvmBroken, type AccelChoice } from './accel.js'
import { classifyConsoleLine, noBootMessage } from '../analysis/console-watch.js'
import { guestEnvironment, mountsOutside, qemuEnvironment } from './guest-env.js'
import { OutputPort } from './output-port.js'
import { QemuProcess, waitForFiles } from './qemu-process.js'
import { createWorkDir, type WorkDir } from './workdir.js'
import { commandInvocation, initCompanions, initPath, mountInvocation, renderInit, type GuestMount, type GuestProgram } from '../guest/templates.js'
import { findGuestBusybox } from '../guest/busybox.js'
import { QgaCommandError } from './errors.js'
import { linkTerminal, type Terminal } from './terminal-link.js'
import { interactiveProblem, isInteractive } from '../plan/interactive.js'

/** What runner setup resolved (src/setup): QEMU binaries, their environment and data dir. */
export interface HostSetup {
  qemuPaths?: Partial<Record<Arch, string>>
  /** qemu-ga for kernel targets sharing the host root, when not on PATH (tool cache). */
  guestAgent?: GuestProgram
  env?: Record<string, string>
  qemuDataDir?: string
}

export interface TargetContext {
  target: Target
  options: RunOptions
  sink: EventSink
  setup?: HostSetup
  /** Cancellation (SIGINT/SIGTERM): stop at once, clean up, report `skipped`/`error`. */
  signal?: AbortSignal
  /** Folder for this target's console.log and command.log; none = no log files. */
  logDir?: string
  /** The user's terminal, for the interactive shell (`-`); only the CLI has one. */
  terminal?: Terminal
}

/** How long the kernel may stay silent under KVM on probation before we call KVM broken. */
export const KVM_PROBE_MS = Number(process.env.VMTEST_KVM_PROBE_MS ?? 10_000)
const SOCKET_WAIT_MS = 5_000
const QMP_TIMEOUT_MS = 5_000
/** Pause between agent connect attempts. An attempt's sync waits in QEMU until the agent
 *  opens its port, so an attempt that is always pending answers the moment the agent starts;
 *  the default 1 s pause left a gap every 6 s that cost up to a second of boot (bench/). */
const AGENT_RETRY_DELAY_MS = 50
/** Poll guest-exec-status this often for our own short guest programs (mounts, sync):
 *  the default backoff to 250 ms added ~0.15 s to every run (bench/). */
const SHORT_EXEC_POLL_MS = 20

export class TargetError extends Error {
  constructor(
    message: string,
    readonly consoleTail?: string[],
  ) {
    super(message)
    this.name = 'TargetError'
  }
}

/** Thrown inside a boot under KVM probation when KVM turns out not to work. */
class KvmHungError extends Error {}

export function defaultBootTimeout(accel: Accel): number {
  return accel === 'kvm' ? 80 : 120
}

export async function runTarget(ctx: TargetContext): Promise<TargetResult> {
  const { target, sink } = ctx
  const result: TargetResult = { name: target.name, arch: target.arch, result: 'error', exitCode: null, logs: {}, origin: target.origin }
  sink({ type: 'target-start', target })
  // The config's folder (the CLI) or the checkout (the action) is the workspace.
  const workspaces = [target.sharedDir, process.env.GITHUB_WORKSPACE].filter((w): w is string => Boolean(w))
  for (const m of mountsOutside(target.vm.mounts, workspaces)) {
    sink({ type: 'warning', target, message: `vm.mounts "${m.guestPath}": host path ${m.hostPath} is outside the workspace (${workspaces.join(', ')}); the guest can read${m.writable ? ' and write' : ''} it` })
  }
  const logs = openLogs(ctx, result)
  const emit = (e: EngineEvent): void => {
    if (e.type === 'console') logs.console?.write(e.line + '\n')
    sink(e)
  }
  try {
    let choice = await chooseAccel(target.arch, ctx.options.accel)
    for (;;) {
      result.accel = choice.accel
      result.accelReason = choice.reason
      emit({ type: 'setup', target, line: `accel: ${choice.accel.toUpperCase()} (${choice.reason})` })
      try {
        await bootAndRun(ctx, choice, result, emit)
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
    await logs.close()
  }
  sink({ type: 'target-end', target, result })
  return result
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

function openLogs(ctx: TargetContext, result: TargetResult): { console?: WriteStream; command?: string; close(): Promise<void> } {
  if (!ctx.logDir) return { close: async () => {} }
  mkdirSync(ctx.logDir, { recursive: true })
  result.logs = { console: join(ctx.logDir, 'console.log'), command: join(ctx.logDir, 'command.log') }
  writeFileSync(result.logs.command!, '')
  const console = createWriteStream(result.logs.console!)
  return {
    console,
    command: result.logs.command,
    close: () => new Promise<void>((r) => console.end(r)),
  }
}

/** Reject with `reason` once any of the fatal conditions fires; `race` wraps every wait. */
class Fatal {
  private rejectFn!: (e: Error) => void
  readonly promise: Promise<never>
  readonly controller = new AbortController()
  error?: Error
  constructor() {
    this.promise = new Promise<never>((_, reject) => (this.rejectFn = reject))
    this.promise.catch(() => {})
  }
  fire(e: Error): void {
    if (this.error) return
    this.error = e
    this.controller.abort(e)
    this.rejectFn(e)
  }
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.promise])
  }
}

async function bootAndRun(ctx: TargetContext, choice: AccelChoice, result: TargetResult, emit: (e: EngineEvent) => void): Promise<void> {
  const { target, options } = ctx
  const work = createWorkDir()
  const fatal = new Fatal()
  let qemu: QemuProcess | undefined
  let qmp: QmpClient | undefined
  let qga: QgaClient | undefined
  let port: OutputPort | undefined
  let stage: Stage = 'boot'
  let stageStart = Date.now()
  let kernelAlive = false
  let probeTimer: NodeJS.Timeout | undefined
  const onAbort = (): void => fatal.fire(new TargetError(`cancelled (${String(ctx.signal?.reason ?? 'signal')})`))
  ctx.signal?.addEventListener('abort', onAbort)
  if (ctx.signal?.aborted) onAbort()

  const startStage = (s: Stage): void => {
    stage = s
    stageStart = Date.now()
    emit({ type: 'stage-start', target, stage: s })
  }
  const endStage = (ok: boolean, error?: string): number => {
    const seconds = (Date.now() - stageStart) / 1000
    emit({ type: 'stage-end', target, stage, ok, seconds, error })
    return seconds
  }

  const interactive = isInteractive(target)
  /** Set once the interactive shell runs: from then on QEMU exiting is how it ends. */
  let shellRunning = false
  let shellStatus: number | undefined
  let unlinkTerminal: (() => void) | undefined

  try {
    startStage('boot')
    const problem = interactiveProblem(target, ctx.terminal !== undefined)
    if (problem) throw new TargetError(problem)
    const { program, args, busybox } = prepareArgv(ctx, choice.accel, work, emit)
    const spawnedAt = Date.now()
    qemu = QemuProcess.spawn(program, args, {
      stdin: interactive ? 'pipe' : 'ignore',
      // TMPDIR: QEMU puts an image target's snapshot=on overlay there (default /var/tmp) and
      // only deletes it on a clean exit; in the work dir it goes when the work dir does.
      env: { ...qemuEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }), ...ctx.setup?.env, TMPDIR: work.dir },
      onConsole: (line) => {
        emit({ type: 'console', target, line })
        if (shellRunning) {
          const exited = SHELL_EXIT.exec(line)
          if (exited) shellStatus = Number(exited[1])
        }
        const verdict = classifyConsoleLine(line)
        if (verdict?.kind === 'kernel-alive') kernelAlive = true
        else if (verdict?.kind === 'panic') fatal.fire(new TargetError(`Kernel panic: ${verdict.line}`, qemu?.consoleTail(50)))
        else if (verdict?.kind === 'init-failed') fatal.fire(new TargetError(`the guest's init failed: ${verdict.reason}`, qemu?.consoleTail(50)))
        else if (verdict?.kind === 'no-boot-device')
          fatal.fire(new TargetError(noBootMessage(verdict, target), qemu?.consoleTail(50)))
      },
    })
    const proc = qemu
    if (interactive && ctx.terminal) unlinkTerminal = linkTerminal(ctx.terminal, proc.child)
    void proc.exited.then((exit) => {
      unlinkTerminal?.()
      if (shellRunning) return
      if (choice.probation && !kernelAlive) {
        fatal.fire(new KvmHungError(`QEMU exited under KVM before the kernel started (${proc.stderrText().split('\n')[0] || `code ${exit.code}`})`))
      }
      const tail = proc.consoleTail(50)
      const panic = tail.find((l) => /Kernel panic - not syncing/.test(l))
      const why = panic ? `Kernel panic: ${panic.trim()}` : `QEMU exited unexpectedly (${exit.signal ?? `exit code ${exit.code}`})${proc.stderrText() ? `: ${proc.stderrText()}` : ''}`
      fatal.fire(new TargetError(why, tail))
    })
    if (choice.probation && target.kind === 'kernel') {
      probeTimer = setTimeout(() => {
        if (!kernelAlive) fatal.fire(new KvmHungError(`KVM is present but the kernel printed nothing under it within ${KVM_PROBE_MS / 1000} s (broken nested virtualisation?)`))
      }, KVM_PROBE_MS)
    }

    const sockets = [work.sockets.qmp, work.sockets.qga, work.sockets.output]
    if (!(await fatal.race(waitForFiles(sockets, proc, SOCKET_WAIT_MS)))) {
      throw new TargetError(`QEMU did not create its sockets within ${SOCKET_WAIT_MS / 1000} s${proc.stderrText() ? `: ${proc.stderrText()}` : ''}`)
    }
    qmp = await fatal.race(QmpClient.connect(work.sockets.qmp, { timeoutMs: QMP_TIMEOUT_MS }))
    port = new OutputPort({
      socketPath: work.sockets.output,
      marker: `VMTEST-END-${randomBytes(16).toString('hex')}`,
      logFile: result.logs.command,
      onLine: (line) => emit({ type: 'output', target, line }),
    })
    await fatal.race(port.connect())

    const bootTimeout = options.bootTimeout ?? defaultBootTimeout(choice.accel)
    qga = await fatal.race(
      QgaClient.connect(work.sockets.qga, {
        deadline: spawnedAt + bootTimeout * 1000,
        isAlive: () => proc.isAlive(),
        signal: fatal.controller.signal,
        retryDelayMs: AGENT_RETRY_DELAY_MS,
      }),
    ).catch((e: unknown) => {
      if (fatal.error) throw fatal.error
      // An image under KVM on probation has no kernel line to watch for: a deadline passed
      // in silence may be a hung KVM, so it earns one more boot under TCG.
      if (choice.probation && !kernelAlive) throw new KvmHungError(`the guest did not answer within ${bootTimeout} s under KVM`)
      throw new TargetError(`${errorText(e)} (boot deadline ${bootTimeout} s)`, proc.consoleTail(50))
    })
    if (probeTimer) clearTimeout(probeTimer)
    choice.probation = false
    const info = await fatal.race(qga.info())
    result.bootSeconds = endStage(true)

    startStage('setup')
    if (target.kind === 'kernel') {
      // Our init mounted the shares before it started the agent: only the release to learn.
      result.kernelRelease = await fatal.race(kernelRelease(qga))
      if (result.kernelRelease) emit({ type: 'setup', target, line: `guest kernel ${result.kernelRelease}` })
    } else {
      const mountCmd = mountInvocation(guestShares(target))
      const mounted = await fatal.race(qga.run(mountCmd.path, mountCmd.args, { pollMs: SHORT_EXEC_POLL_MS }))
      const mountOut = mounted.out.toString('utf8')
      for (const line of (mountOut + mounted.err.toString('utf8')).split('\n').filter(Boolean)) emit({ type: 'setup', target, line })
      result.kernelRelease = mountOut.split('\n')[0]?.trim() || undefined
      if (mounted.exitCode !== 0) {
        const why = /^vmtest: FATAL: (.*)$/m.exec(mounted.err.toString('utf8'))?.[1]
        throw new TargetError(`mounting the shared directories failed (exit ${mounted.exitCode})${why ? `: ${why}` : ''}`)
      }
    }
    endStage(true)

    startStage('command')
    if (interactive) {
      // The init has put a login shell on the console, which the user now has; leaving it
      // powers the guest off. (Upstream reports nothing of the shell; we give its status.)
      shellRunning = true
      const exit = await fatal.race(proc.exited)
      result.exitCode = shellStatus ?? (exit.code === 0 ? 0 : null)
      result.commandSeconds = endStage(result.exitCode === 0)
      result.result = result.exitCode === 0 ? 'pass' : 'fail'
      if (result.exitCode !== 0) result.error = result.exitCode === null ? `QEMU exited with ${exit.signal ?? `code ${exit.code}`}` : `Command failed with exit code: ${result.exitCode}`
      return
    }
    const cmd = await runCommand(ctx, qga, port, info.version, fatal)
    result.commandSeconds = endStage(cmd.exitCode === 0)
    if (cmd.timedOut) {
      result.result = 'timeout'
      result.error = `the command did not finish within ${options.commandTimeout} s (timeout) and was stopped`
      return
    }
    result.exitCode = cmd.exitCode
    result.result = cmd.exitCode === 0 ? 'pass' : 'fail'
    if (cmd.exitCode !== 0) result.error = `Command failed with exit code: ${cmd.exitCode}`

    // Orderly shutdown: flush guest writes to shared directories, then quit.
    // busybox's sync when the init had one: a static program loads far faster than coreutils'.
    const sync = busybox ? qga.run(busybox, ['sync'], { pollMs: SHORT_EXEC_POLL_MS }) : qga.run('sync', [], { pollMs: SHORT_EXEC_POLL_MS })
    await Promise.race([sync.catch(() => undefined), sleep(10_000)])
  } catch (e) {
    if (e instanceof KvmHungError) throw e
    // QEMU dying (e.g. "Failed to get write lock" on an image another VM holds) closes its
    // sockets a moment before its exit is seen: wait briefly for the exit, whose reason
    // carries QEMU's stderr, rather than report "connection closed by the peer".
    if (!fatal.error && qemu && !(e instanceof TargetError)) await Promise.race([qemu.exited.then(() => sleep(0)), sleep(1_000)])
    // A fatal condition (QEMU exit, panic) explains a failure better than the wait it broke.
    const err = fatal.error && !(e instanceof TargetError) ? fatal.error : e
    if (err instanceof KvmHungError) throw err
    endStage(false, errorText(err))
    if (err instanceof TargetError && !err.consoleTail && qemu) throw new TargetError(err.message, qemu.consoleTail(50))
    throw err
  } finally {
    unlinkTerminal?.()
    if (probeTimer) clearTimeout(probeTimer)
    ctx.signal?.removeEventListener('abort', onAbort)
    qga?.close()
    if (qmp && qemu?.isAlive()) await Promise.race([qmp.quit().catch(() => undefined), sleep(2_000)])
    qmp?.close()
    // Without QMP nothing asked QEMU to quit: waiting for it to exit on its own is pointless.
    if (qemu) await qemu.waitOrKill(qmp ? 5_000 : 0)
    await port?.close()
    work.remove()
  }
}

/** What templates/init.sh prints when the interactive shell ends. */
const SHELL_EXIT = /vmtest: interactive shell exited with (\d+)/

/** The 9p shares a guest mounts: /mnt/vmtest, then vm.mounts. */
function guestShares(target: Target): GuestMount[] {
  return [
    { tag: SHARED_MOUNT_TAG, path: '/mnt/vmtest', readonly: false },
    ...mountShares(target).map((m) => ({ tag: m.tag, path: m.guestPath, readonly: !m.writable })),
  ]
}

/** The guest kernel's release from the agent (guest-get-osinfo: no process to start), or
 *  undefined when the agent lacks the command. */
async function kernelRelease(qga: QgaClient): Promise<string | undefined> {
  try {
    const info = await qga.execute<{ 'kernel-release'?: unknown }>('guest-get-osinfo')
    return typeof info?.['kernel-release'] === 'string' ? info['kernel-release'] : undefined
  } catch (e) {
    if (e instanceof QgaCommandError) return undefined
    throw e
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref())
}

/** QEMU's program and argv for the target, with its files written; `busybox`: the guest path
 *  of the busybox a kernel target's init uses, if any. */
function prepareArgv(ctx: TargetContext, accel: Accel, work: WorkDir, emit: (e: EngineEvent) => void): { program: string; args: string[]; busybox?: string } {
  const { target, options } = ctx
  const note = (line: string): void => emit({ type: 'setup', target, line })
  let initGuestPath: string | undefined
  let initramfs: string | undefined
  let firmware: string | undefined
  let imageFormat: ReturnType<typeof detectImageFormat> | undefined
  let busybox: string | undefined
  if (target.kind === 'kernel') {
    const hostRoot = target.rootfs === '/'
    const path = initPath(hostRoot ? process.env.PATH : undefined)
    busybox = findGuestBusybox(target.rootfs, path)
    // The interactive shell starts where a command would run: the config's folder when the
    // guest shares the host root.
    const screen = ctx.terminal?.output as { rows?: number; columns?: number } | undefined
    const shell = isInteractive(target) ? { dir: hostRoot ? target.sharedDir : '/', rows: screen?.rows, columns: screen?.columns } : undefined
    const init = renderInit({ path, agent: hostRoot ? ctx.setup?.guestAgent : undefined, busybox, shares: guestShares(target), interactiveShell: shell })
    initGuestPath = work.writeInit(target.rootfs, init, initCompanions())
    const boot = prepareBootPath({ kernel: target.kernel!, rootfs: target.rootfs, mode: options.initramfs, arch: target.arch, dir: work.dir })
    note(`boot path: ${boot.initrd ? 'generated initramfs' : 'direct 9p root'}`)
    for (const line of boot.log) note(line)
    initramfs = boot.initrd
  } else {
    const noFirmware = imageBootProblem(target)
    if (noFirmware) throw new TargetError(noFirmware)
    imageFormat = detectImageFormat(target.image!)
    if (target.uefi) firmware = resolveUefiFirmware(target)
    note(`image: ${target.image} (${imageFormat}, ${options.writeImage ? 'written through: write_image is on' : 'not modified: changes go to a throw-away snapshot'})`)
  }
  const built = buildQemuArgv(target, { accel, sockets: work.sockets, initGuestPath, initramfs, firmware, imageFormat, writeImage: options.writeImage })
  const setupPath = ctx.setup?.qemuPaths?.[target.arch]
  const program = setupPath && target.qemuCommand === archSpec(target.arch).program ? setupPath : built.program
  const args = ctx.setup?.qemuDataDir ? ['-L', ctx.setup.qemuDataDir, ...built.args] : built.args
  note(`qemu: ${program}`)
  return { program, args, busybox }
}

/** How long the port may stay silent, after the wrapper exited, before the end marker is
 *  given up on (it never comes when the wrapper was killed or the port is missing). */
const MARKER_IDLE_MS = 1_000
/** Upper bound of that wait even while bytes keep coming (a daemon still writing). */
const MARKER_DRAIN_MAX_MS = 60_000

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

interface CommandOutcome {
  exitCode: number | null
  timedOut: boolean
}

async function runCommand(ctx: TargetContext, qga: QgaClient, port: OutputPort, agentVersion: string, fatal: Fatal): Promise<CommandOutcome> {
  const { target, options } = ctx
  const cwd = target.kind === 'kernel' && target.rootfs === '/' ? target.sharedDir : ''
  const inv = commandInvocation(target.command, cwd, port.marker)
  const env = target.kind === 'kernel' ? guestEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }) : undefined
  const pid = await fatal.race(qga.exec({ path: inv.path, args: inv.args, env, captureOutput: versionAtLeast(agentVersion, 8, 1) ? 'merged' : true }))

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
