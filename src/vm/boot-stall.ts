// The boot hangs that only silence shows, for image targets: the firmware has had its last
// word (analysis/console-watch.ts HandoffWatch) and nothing follows. Text the disk's code
// prints is caught line by line; this catches boot code that prints nothing (an MBR with a
// partition table and no code, a protective MBR booted by SeaBIOS) and firmware that
// failed a boot option and then went quiet. Silence alone is not enough under TCG on a
// busy runner, so the VM is asked too (QMP): the disk must not have been read for as long,
// and after a hand-over to boot code the CPU must still be in real mode (every loader that
// boots anything — GRUB, SYSLINUX, the Linux setup code — switches to protected mode).
import type { HandoffWatch, StallSuspect } from '../analysis/console-watch.js'
import type { QmpClient } from './qmp.js'

/** How long the console and the disk must stay quiet after the firmware's last word: a
 *  few times the longest such pause seen in a healthy boot under TCG on a loaded runner. */
export const BOOT_SILENCE_MS = 10_000
const TICK_MS = 1_000
/** Register samples taken to confirm real mode (a loader calls BIOS services in real mode
 *  now and then; it does not stay there). */
const REAL_MODE_SAMPLES = 3
const SAMPLE_GAP_MS = 100
const QMP_TIMEOUT_MS = 2_000

export interface BootStallOptions {
  qmp: QmpClient
  watch: HandoffWatch
  /** When the console last printed anything (QemuProcess.lastOutputAt). */
  lastOutputAt: () => number
  /** The boot is stuck: `suspect` is what the firmware said last. */
  onStall: (suspect: StallSuspect, seconds: number) => void
}

export class BootStallWatch {
  private timer?: NodeJS.Timeout
  private busy = false
  private readBytes?: number
  private readAt = 0

  constructor(private readonly o: BootStallOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.timer) return
    this.busy = true
    try {
      await this.check()
    } catch {
      // QEMU going away mid-question: its exit is reported elsewhere.
    } finally {
      this.busy = false
    }
  }

  private async check(): Promise<void> {
    const suspect = this.o.watch.armed()
    if (!suspect) return
    const bytes = await this.diskReadBytes()
    if (bytes !== this.readBytes) {
      this.readBytes = bytes
      this.readAt = Date.now()
    }
    const quietSince = Math.max(suspect.since, this.o.lastOutputAt(), this.readAt)
    if (Date.now() - quietSince < BOOT_SILENCE_MS) return
    if (!suspect.failed && !(await this.inRealMode())) return
    // Something may have spoken while we asked.
    if (this.timer && this.o.watch.armed() === suspect) this.o.onStall(suspect, Math.round(BOOT_SILENCE_MS / 1000))
  }

  /** Bytes read from every disk so far. */
  private async diskReadBytes(): Promise<number> {
    const stats = await this.o.qmp.execute<{ stats?: { rd_bytes?: number } }[]>(
      'query-blockstats',
      undefined,
      QMP_TIMEOUT_MS,
    )
    return stats.reduce((sum, s) => sum + (s.stats?.rd_bytes ?? 0), 0)
  }

  /** Whether the boot CPU is in real mode (CR0.PE clear) in every one of a few samples. */
  private async inRealMode(): Promise<boolean> {
    for (let i = 0; i < REAL_MODE_SAMPLES; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, SAMPLE_GAP_MS).unref())
      const regs = await this.o.qmp.execute<string>(
        'human-monitor-command',
        { 'command-line': 'info registers' },
        QMP_TIMEOUT_MS,
      )
      const cr0 = /\bCR0=([0-9a-f]+)/i.exec(regs)?.[1]
      if (cr0 === undefined || (Number.parseInt(cr0, 16) & 1) !== 0) return false
    }
    return true
  }
}
