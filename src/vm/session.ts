// One boot of one target, as an object: each stage is a method (boot, connect, setup,
// command or shell, shutdown) and what the stages share — QEMU and its sockets' clients,
// the stage clock, KVM probation, the interactive shell's state — lives in fields. `run`
// drives the stages in order; lifecycle.ts decides whether to boot again under TCG.
// A kernel target has no guest agent: our init runs the command and reports on the output
// port (ready, output, end and status). An image target's own agent runs it.
// Whatever happens, QEMU is gone and the private files removed when `run` settles.
import { randomBytes } from 'node:crypto'
import type { Accel } from '../plan/types.js'
import type { EngineEvent, Stage, TargetResult } from '../plan/events.js'
import { interactiveProblem, isInteractive } from '../plan/interactive.js'
import {
  classifyConsoleLine,
  classifyUnfinishedLine,
  HandoffWatch,
  initFatalReason,
  isPanicLine,
  noBootMessage,
  stalledBootMessage,
  type StallSuspect,
} from '../analysis/console-watch.js'
import { mountInvocation } from '../guest/templates.js'
import type { AccelChoice } from './accel.js'
import { prepareArgv } from './boot-prep.js'
import { BootStallWatch } from './boot-stall.js'
import { VirtiofsDaemons, virtiofsRootHint } from './virtiofsd.js'
import { guestShares } from '../qemu/argv.js'
import { awaitInitCommand, runCommand, type CommandOutcome } from './command-run.js'
import { qemuEnvironment } from './guest-env.js'
import type { TargetContext } from './lifecycle.js'
import { OutputPort, type LogSink } from './output-port.js'
import { QemuProcess, waitForFiles, type QemuExit } from './qemu-process.js'
import { QgaClient } from './qga.js'
import { QmpClient } from './qmp.js'
import { errorText, KvmHungError, TargetError } from './target-error.js'
import { linkTerminal } from './terminal-link.js'
import { Fatal, sleep } from './waits.js'
import { createWorkDir } from './workdir.js'

/** How long the kernel may stay silent under KVM on probation before we call KVM broken. */
const KVM_PROBE_MS = Number(process.env.VMTEST_KVM_PROBE_MS ?? 10_000)
const SOCKET_WAIT_MS = 5_000
const QMP_TIMEOUT_MS = 5_000
/** Pause between agent connect attempts. An attempt's sync waits in QEMU until the agent
 *  opens its port, so an attempt that is always pending answers the moment the agent starts;
 *  a long pause would leave the agent waiting for us. */
const AGENT_RETRY_DELAY_MS = 50
/** Poll guest-exec-status this often for our own short guest programs (mounts, sync): they
 *  end in milliseconds, and the agent client's default backoff would wait far longer. */
const SHORT_EXEC_POLL_MS = 20
/** Console lines kept with an error. */
const TAIL = 50

/** What templates/init.sh prints when the interactive shell ends. */
const SHELL_EXIT = /vmtest: interactive shell exited with (\d+)/
/** After the interactive shell's guest halted: time for QEMU to exit by itself (a kernel
 *  with ACPI powers off) before we ask it to (without ACPI the kernel only halts). */
const HALT_GRACE_MS = 1_500

function defaultBootTimeout(accel: Accel): number {
  return accel === 'kvm' ? 80 : 120
}

export class VmSession {
  private readonly work = createWorkDir()
  private readonly fatal = new Fatal()
  private qemu?: QemuProcess
  private virtiofs?: VirtiofsDaemons
  private qmp?: QmpClient
  private qga?: QgaClient
  private port?: OutputPort
  private stage: Stage = 'boot'
  private stageStart = Date.now()
  private spawnedAt = 0
  private kernelAlive = false
  private probeTimer?: NodeJS.Timeout
  /** The end marker of the output port, known to a kernel target's init from the start. */
  private readonly marker = `VMTEST-END-${randomBytes(16).toString('hex')}`
  /** Whether the guest agent runs the command (image targets) rather than our init. */
  private readonly agent: boolean
  /** The guest is up: its agent answered, or our init said so. */
  private up = false
  /** The guest kernel's release, as a kernel target's init reported it. */
  private release?: string
  private agentVersion = ''
  /** Set once the interactive shell runs: from then on QEMU exiting is how it ends. */
  private shellRunning = false
  private shellStatus?: number
  private haltTimer?: NodeJS.Timeout
  private unlinkTerminal?: () => void
  /** Whether the firmware's last word was followed by silence (image targets). */
  private readonly handoff = new HandoffWatch()
  private stallWatch?: BootStallWatch
  private readonly onAbort = (): void =>
    this.fatal.fire(new TargetError(`cancelled (${String(this.ctx.signal?.reason ?? 'signal')})`))

  constructor(
    private readonly ctx: TargetContext,
    private readonly choice: AccelChoice,
    private readonly result: TargetResult,
    private readonly emit: (e: EngineEvent) => void,
    /** Where the command's output is logged (command.log), if anywhere. */
    private readonly commandLog?: LogSink,
  ) {
    this.agent = ctx.target.kind === 'image'
    ctx.signal?.addEventListener('abort', this.onAbort)
    if (ctx.signal?.aborted) this.onAbort()
  }

  /** Every stage in turn; the result is filled in as they go. */
  async run(): Promise<void> {
    try {
      this.startStage('boot')
      await this.boot()
      await this.connect()
      this.result.bootSeconds = this.endStage(true)
      this.startStage('setup')
      await this.setup()
      this.endStage(true)
      this.startStage('command')
      if (isInteractive(this.ctx.target)) await this.shell()
      else await this.command()
    } catch (e) {
      throw await this.failure(e)
    } finally {
      await this.shutdown()
    }
  }

  /** Start QEMU, watch its console and exit, and open QMP and the output port. */
  private async boot(): Promise<void> {
    const { target, options } = this.ctx
    const problem = interactiveProblem(target, this.ctx.terminal !== undefined)
    if (problem) throw new TargetError(problem)
    const { program, args, virtiofs } = prepareArgv(this.ctx, this.choice.accel, this.work, this.emit, this.marker)
    // shared_fs = "virtiofs": QEMU connects to the daemons' sockets as it starts.
    if (virtiofs) this.virtiofs = await VirtiofsDaemons.start(virtiofs, process.env)
    this.spawnedAt = Date.now()
    const interactive = isInteractive(target)
    const qemu = QemuProcess.spawn(program, args, {
      stdin: interactive ? 'pipe' : 'ignore',
      // TMPDIR: QEMU puts an image target's snapshot=on overlay there (default /var/tmp) and
      // only deletes it on a clean exit; in the work dir it goes when the work dir does.
      env: {
        ...qemuEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }),
        ...this.ctx.setup?.env,
        TMPDIR: this.work.dir,
      },
      onConsole: (line) => this.onConsole(line),
      onPartial: (text) => this.onPartialLine(text),
    })
    this.qemu = qemu
    if (interactive && this.ctx.terminal) this.unlinkTerminal = linkTerminal(this.ctx.terminal, qemu.child)
    void qemu.exited.then((exit) => this.onQemuExit(qemu, exit))
    if (this.choice.probation && target.kind === 'kernel') {
      this.probeTimer = setTimeout(() => {
        if (!this.kernelAlive)
          this.fatal.fire(
            new KvmHungError(
              `KVM is present but the kernel printed nothing under it within ${KVM_PROBE_MS / 1000} s (broken nested virtualisation?)`,
            ),
          )
      }, KVM_PROBE_MS)
    }

    const { sockets } = this.work
    const files = this.agent ? [sockets.qmp, sockets.qga, sockets.output] : [sockets.qmp, sockets.output]
    if (!(await this.fatal.race(waitForFiles(files, qemu, SOCKET_WAIT_MS)))) {
      throw new TargetError(
        `QEMU did not create its sockets within ${SOCKET_WAIT_MS / 1000} s${qemu.stderrText() ? `: ${qemu.stderrText()}` : ''}`,
      )
    }
    this.qmp = await this.fatal.race(QmpClient.connect(sockets.qmp, { timeoutMs: QMP_TIMEOUT_MS }))
    if (target.kind === 'image') this.watchForStall(qemu, this.qmp)
    this.port = new OutputPort({
      socketPath: sockets.output,
      marker: this.marker,
      log: this.commandLog,
      onLine: (line) => this.emit({ type: 'output', target, line }),
    })
    await this.fatal.race(this.port.connect())
  }

  /** Wait, until the boot deadline, for the guest to be up: its agent answers (image
   *  targets) or our init says so on the output port (kernel targets). */
  private async connect(): Promise<void> {
    const bootTimeout = this.ctx.options.bootTimeout ?? defaultBootTimeout(this.choice.accel)
    if (this.agent) await this.connectAgent(bootTimeout)
    else await this.awaitInit(bootTimeout)
    this.up = true
    this.handoff.end()
    this.stallWatch?.stop()
    if (this.probeTimer) clearTimeout(this.probeTimer)
    this.choice.probation = false
    if (this.qga) this.agentVersion = (await this.fatal.race(this.qga.info())).version
  }

  /** A kernel target: our init's `ready` line on the output port, after its mounts. */
  private async awaitInit(bootTimeout: number): Promise<void> {
    const qemu = this.qemu!
    const remaining = this.spawnedAt + bootTimeout * 1000 - Date.now()
    const release = await this.fatal.race(Promise.race([this.port!.ready, sleep(remaining).then(() => undefined)]))
    if (release === undefined) {
      if (this.choice.probation && !this.kernelAlive)
        throw new KvmHungError(`the guest did not answer within ${bootTimeout} s under KVM`)
      throw new TargetError(
        `the guest's init did not report ready on the output port (boot deadline ${bootTimeout} s)`,
        qemu.consoleTail(TAIL),
      )
    }
    this.release = release || undefined
  }

  /** An image target: its guest agent answers. */
  private async connectAgent(bootTimeout: number): Promise<void> {
    const qemu = this.qemu!
    this.qga = await this.fatal
      .race(
        QgaClient.connect(this.work.sockets.qga, {
          deadline: this.spawnedAt + bootTimeout * 1000,
          isAlive: () => qemu.isAlive(),
          signal: this.fatal.controller.signal,
          retryDelayMs: AGENT_RETRY_DELAY_MS,
        }),
      )
      .catch((e: unknown) => {
        if (this.fatal.error) throw this.fatal.error
        // An image under KVM on probation has no kernel line to watch for: a deadline passed
        // in silence may be a hung KVM, so it earns one more boot under TCG.
        if (this.choice.probation && !this.kernelAlive)
          throw new KvmHungError(`the guest did not answer within ${bootTimeout} s under KVM`)
        // The firmware had its say and no kernel followed, yet the stall check did not fire:
        // what it last saw says why (for a report, not for the user to act on).
        const look = !this.kernelAlive && this.stallWatch ? `; ${this.stallWatch.lastLook()}` : ''
        throw new TargetError(`${errorText(e)} (boot deadline ${bootTimeout} s)${look}`, qemu.consoleTail(TAIL))
      })
  }

  /** Shares mounted (a kernel target's init did it already) and the guest's kernel release. */
  private async setup(): Promise<void> {
    const { target } = this.ctx
    if (!this.qga) {
      // Our init mounted the shares before it said it was up, with the release.
      this.result.kernelRelease = this.release
      if (this.release) this.emit({ type: 'setup', target, line: `guest kernel ${this.release}` })
      return
    }
    const qga = this.qga
    const mountCmd = mountInvocation(guestShares(target, this.ctx.options.workspaceMount))
    const mounted = await this.fatal.race(qga.run(mountCmd.path, mountCmd.args, { pollMs: SHORT_EXEC_POLL_MS }))
    const mountOut = mounted.out.toString('utf8')
    for (const line of (mountOut + mounted.err.toString('utf8')).split('\n').filter(Boolean))
      this.emit({ type: 'setup', target, line })
    this.result.kernelRelease = mountOut.split('\n')[0]?.trim() || undefined
    if (mounted.exitCode !== 0) {
      const why = initFatalReason(mounted.err.toString('utf8'))
      throw new TargetError(`mounting the shared directories failed (exit ${mounted.exitCode})${why ? `: ${why}` : ''}`)
    }
  }

  /** The user's command, to its end or its timeout; then the guest's writes flushed (a
   *  kernel target's init flushed them before it reported the end). */
  private async command(): Promise<void> {
    const { result, qga } = this
    const timeoutMs = this.ctx.options.commandTimeout ? this.ctx.options.commandTimeout * 1000 : undefined
    const cmd: CommandOutcome = qga
      ? await runCommand(this.ctx, qga, this.port!, this.agentVersion, this.fatal)
      : await awaitInitCommand(this.port!, timeoutMs, this.fatal)
    result.commandSeconds = this.endStage(cmd.exitCode === 0)
    if (cmd.timedOut) {
      result.result = 'timeout'
      result.error = `the command did not finish within ${this.ctx.options.commandTimeout} s (timeout) and was stopped`
      return
    }
    result.exitCode = cmd.exitCode
    result.result = cmd.exitCode === 0 ? 'pass' : 'fail'
    if (cmd.exitCode !== 0) result.error = `Command failed with exit code: ${cmd.exitCode}`
    if (!qga) return
    // Orderly shutdown: flush guest writes to shared directories, then quit.
    await Promise.race([qga.run('sync', [], { pollMs: SHORT_EXEC_POLL_MS }).catch(() => undefined), sleep(10_000)])
  }

  /** The interactive shell (`-`): the init has put a login shell on the console, which the
   *  user now has; leaving it powers the guest off. (Upstream reports nothing of the shell;
   *  we give its status.) */
  private async shell(): Promise<void> {
    const { result } = this
    this.shellRunning = true
    const exit = await this.fatal.race(this.qemu!.exited)
    result.exitCode = this.shellStatus ?? (exit.code === 0 ? 0 : null)
    result.commandSeconds = this.endStage(result.exitCode === 0)
    result.result = result.exitCode === 0 ? 'pass' : 'fail'
    if (result.exitCode !== 0)
      result.error =
        result.exitCode === null
          ? `QEMU exited with ${exit.signal ?? `code ${exit.code}`}`
          : `Command failed with exit code: ${result.exitCode}`
  }

  /** QEMU asked to quit (killed if it does not), clients closed, private files removed. */
  private async shutdown(): Promise<void> {
    const { qemu, qmp } = this
    this.unlinkTerminal?.()
    if (this.probeTimer) clearTimeout(this.probeTimer)
    clearTimeout(this.haltTimer)
    this.stallWatch?.stop()
    this.ctx.signal?.removeEventListener('abort', this.onAbort)
    void this.qga?.close()
    if (qmp && qemu?.isAlive()) await Promise.race([qmp.quit().catch(() => undefined), sleep(2_000)])
    void qmp?.close()
    // Without QMP nothing asked QEMU to quit: waiting for it to exit on its own is pointless.
    if (qemu) await qemu.waitOrKill(qmp ? 5_000 : 0)
    await this.port?.close()
    await this.virtiofs?.stop()
    this.work.remove()
  }

  /** The error a failed stage ends the session with, its stage ended as failed. */
  private async failure(e: unknown): Promise<unknown> {
    if (e instanceof KvmHungError) return e
    const { qemu, fatal } = this
    // QEMU dying (e.g. "Failed to get write lock" on an image another VM holds) closes its
    // sockets a moment before its exit is seen: wait briefly for the exit, whose reason
    // carries QEMU's stderr, rather than report "connection closed by the peer".
    if (!fatal.error && qemu && !(e instanceof TargetError))
      await Promise.race([qemu.exited.then(() => sleep(0)), sleep(1_000)])
    // A fatal condition (QEMU exit, panic) explains a failure better than the wait it broke.
    const err = fatal.error && !(e instanceof TargetError) ? fatal.error : e
    if (err instanceof KvmHungError) return err
    this.endStage(false, errorText(err))
    if (err instanceof TargetError && !err.consoleTail && qemu)
      return new TargetError(err.message, qemu.consoleTail(TAIL))
    return err
  }

  private onConsole(line: string): void {
    const { target } = this.ctx
    this.emit({ type: 'console', target, line })
    const verdict = classifyConsoleLine(line)
    if (this.shellRunning) this.watchShellEnd(line, verdict?.kind === 'halted')
    this.handoff.see(verdict, Date.now(), line)
    const tail = (): string[] | undefined => this.qemu?.consoleTail(TAIL)
    if (verdict?.kind === 'kernel-alive') this.kernelAlive = true
    else if (verdict?.kind === 'panic')
      this.fatal.fire(new TargetError(virtiofsRootHint(target, `Kernel panic: ${verdict.line}`), tail()))
    else if (verdict?.kind === 'init-failed')
      this.fatal.fire(new TargetError(`the guest's init failed: ${verdict.reason}`, tail()))
    else if (verdict?.kind === 'no-boot-device') this.noBootDevice(verdict)
  }

  /** A console line still unfinished (a prompt, "press any key", or the firmware's
   *  hand-over cut short by the code it started): the disk's code's last words, or the
   *  hand-over that arms the stall check. The line itself is delivered if it ever ends. */
  private onPartialLine(text: string): void {
    const verdict = classifyUnfinishedLine(text)
    if (verdict?.kind === 'no-boot-device') this.noBootDevice(verdict)
    else if (verdict?.kind === 'firmware-handoff' && this.handoff.armed()?.line !== verdict.line)
      this.handoff.see(verdict, Date.now(), text)
  }

  /** Firmware or the disk's boot code gave up: the end of this boot, unless a kernel is
   *  already running (then the text is the guest's own business). */
  private noBootDevice(verdict: { line: string; firmware: 'bios' | 'uefi' | 'disk' }): void {
    if (this.kernelAlive || this.up) return
    this.fatal.fire(
      new TargetError(
        noBootMessage(verdict, this.ctx.target, this.handoff.earlierFailure),
        this.qemu?.consoleTail(TAIL),
      ),
    )
  }

  /** The firmware's last word, then silence: checked with QMP (boot-stall.ts). */
  private watchForStall(qemu: QemuProcess, qmp: QmpClient): void {
    this.stallWatch = new BootStallWatch({
      qmp,
      watch: this.handoff,
      lastOutputAt: () => qemu.lastOutputAt,
      onStall: (suspect: StallSuspect, seconds: number, silent: boolean) => {
        if (this.kernelAlive || this.up) return
        this.fatal.fire(
          new TargetError(stalledBootMessage(suspect, seconds, this.ctx.target, silent), qemu.consoleTail(TAIL)),
        )
      },
    })
    this.stallWatch.start()
  }

  /** The interactive shell's end: its status from our init's line, and once the guest has
   *  halted, QEMU stopped after a short grace — a kernel without ACPI only halts, and QEMU
   *  would wait for someone to press Ctrl-A x. */
  private watchShellEnd(line: string, halted: boolean): void {
    const exited = SHELL_EXIT.exec(line)
    if (exited) this.shellStatus = Number(exited[1])
    if (!halted || this.haltTimer) return
    this.haltTimer = setTimeout(() => {
      if (this.qemu?.isAlive()) void this.qmp?.quit().catch(() => this.qemu?.kill())
    }, HALT_GRACE_MS)
    this.haltTimer.unref()
  }

  private onQemuExit(qemu: QemuProcess, exit: QemuExit): void {
    this.unlinkTerminal?.()
    if (this.shellRunning) return
    if (this.choice.probation && !this.kernelAlive) {
      this.fatal.fire(
        new KvmHungError(
          `QEMU exited under KVM before the kernel started (${qemu.stderrText().split('\n')[0] || `code ${exit.code}`})`,
        ),
      )
    }
    const tail = qemu.consoleTail(TAIL)
    const panic = tail.find(isPanicLine)
    const daemons = this.virtiofs?.stderrText() ? `\n${this.virtiofs.stderrText()}` : ''
    const why = panic
      ? virtiofsRootHint(this.ctx.target, `Kernel panic: ${panic.trim()}`)
      : `QEMU exited unexpectedly (${exit.signal ?? `exit code ${exit.code}`})${qemu.stderrText() ? `: ${qemu.stderrText()}` : ''}${daemons}`
    this.fatal.fire(new TargetError(why, tail))
  }

  private startStage(s: Stage): void {
    this.stage = s
    this.stageStart = Date.now()
    this.emit({ type: 'stage-start', target: this.ctx.target, stage: s })
  }

  private endStage(ok: boolean, error?: string): number {
    const seconds = (Date.now() - this.stageStart) / 1000
    this.emit({ type: 'stage-end', target: this.ctx.target, stage: this.stage, ok, seconds, error })
    return seconds
  }
}
