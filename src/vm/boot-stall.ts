// The boot hangs that only silence shows, for image targets: the firmware has had its last
// word (analysis/console-watch.ts HandoffWatch) and nothing follows. Text the disk's code
// prints is caught line by line; this catches boot code that prints nothing (an MBR with a
// partition table and no code, a protective MBR booted by SeaBIOS) and firmware that
// failed a boot option and then went quiet. Silence alone is not enough under TCG on a
// busy runner, so the VM is asked too (QMP): the disk must not have been read for as long,
// and after a hand-over to boot code paging must still be off. Every kernel turns paging on
// within moments of starting; boot code running wild (an MBR of zeros executes whatever
// follows it) mostly stays in real mode but may pass through SeaBIOS's own 32-bit code or
// print junk, so neither protected mode nor console output is a sign of a loader (a rule
// that wanted real mode in every sample missed such a boot once in about ten).
import type { HandoffWatch, StallSuspect } from '../analysis/console-watch.js'
import type { QmpClient } from './qmp.js'

/** How long the console and the disk must stay quiet after the firmware's last word: a
 *  few times the longest such pause seen in a healthy boot under TCG on a loaded runner. */
export const BOOT_SILENCE_MS = 10_000
/** How long boot code may go on without reading the disk or starting a kernel, printing or
 *  not: longer than any boot menu's usual countdown. */
export const NO_PROGRESS_MS = 30_000
const TICK_MS = 1_000
/** Register samples taken to confirm paging is off (a kernel that has just started may not
 *  have turned it on in the first sample). */
const NO_PAGING_SAMPLES = 3
const SAMPLE_GAP_MS = 100
const CR0_PG = 0x8000_0000
const QMP_TIMEOUT_MS = 2_000

export interface BootStallOptions {
  qmp: QmpClient
  watch: HandoffWatch
  /** When the console last printed anything (QemuProcess.lastOutputAt). */
  lastOutputAt: () => number
  /** The boot is stuck: `suspect` is what the firmware said last; `silent` when the console
   *  said nothing either (else it went on printing). */
  onStall: (suspect: StallSuspect, seconds: number, silent: boolean) => void
}

/** What the watch saw at its last look, for a boot that ran into its deadline anyway. */
interface LastLook {
  at: number
  armedSince?: number
  readAt?: number
  quietSince?: number
  cr0?: string
  error?: string
}

export class BootStallWatch {
  private timer?: NodeJS.Timeout
  private busy = false
  private readBytes?: number
  private readAt = 0
  private last?: LastLook

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
    } catch (e) {
      // QEMU going away mid-question: its exit is reported elsewhere. Kept for the deadline's
      // message, in case QMP stopped answering while QEMU lived on.
      this.last = { ...this.last, at: Date.now(), error: e instanceof Error ? e.message : String(e) }
    } finally {
      this.busy = false
    }
  }

  private async check(): Promise<void> {
    const suspect = this.o.watch.armed()
    // (A failed question is remembered until QEMU answers one.)
    this.last = { at: Date.now(), armedSince: suspect?.since, error: this.last?.error }
    if (!suspect) return
    const bytes = await this.diskReadBytes()
    this.last.error = undefined
    if (bytes !== this.readBytes) {
      this.readBytes = bytes
      this.readAt = Date.now()
    }
    const now = Date.now()
    const diskQuietSince = Math.max(suspect.since, this.readAt)
    const quietSince = Math.max(diskQuietSince, this.o.lastOutputAt())
    Object.assign(this.last, { at: now, readAt: diskQuietSince, quietSince })
    const silent = now - quietSince >= BOOT_SILENCE_MS
    // Boot code that prints and prints (junk from code running wild, a menu nobody answers)
    // but neither reads the disk nor starts a kernel is as stuck as a silent one.
    const stuck = !suspect.failed && now - diskQuietSince >= NO_PROGRESS_MS
    if (!silent && !stuck) return
    if (!suspect.failed && !(await this.pagingOff())) return
    // Something may have spoken (a kernel?) while we asked.
    const still = this.o.watch.armed()
    if (this.timer && still && still.since === suspect.since) {
      this.stop() // once: the boot is over
      this.o.onStall(still, Math.round((silent ? BOOT_SILENCE_MS : NO_PROGRESS_MS) / 1000), silent)
    }
  }

  /** What the watch last saw, as a clause for an error message: why it did not call the boot
   *  stalled before a deadline did. */
  lastLook(now = Date.now()): string {
    const l = this.last
    if (!l) return 'the boot-stall check had not run yet'
    const secs = (t: number): number => Math.round((now - t) / 1000)
    const ago = (t: number): string => `${secs(t)} s ago`
    const parts = [`the boot-stall check last looked ${ago(l.at)}`]
    if (l.error) parts.push(`its question to QEMU failed (${l.error})`)
    if (l.armedSince === undefined) parts.push("the firmware's hand-over to the disk had not been seen")
    else {
      parts.push(`the firmware handed over ${ago(l.armedSince)}`)
      if (l.readAt !== undefined) parts.push(`the disk was last read ${ago(l.readAt)}`)
      if (l.quietSince !== undefined) parts.push(`console and disk quiet for ${secs(l.quietSince)} s`)
      if (l.cr0 !== undefined) parts.push(`CR0=${l.cr0}`)
    }
    return parts.join(', ')
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

  /** Whether the boot CPU has paging off (CR0.PG clear, so no long mode either) in every one
   *  of a few samples. */
  private async pagingOff(): Promise<boolean> {
    for (let i = 0; i < NO_PAGING_SAMPLES; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, SAMPLE_GAP_MS).unref())
      const regs = await this.o.qmp.execute<string>(
        'human-monitor-command',
        { 'command-line': 'info registers' },
        QMP_TIMEOUT_MS,
      )
      const cr0 = /\bCR0=([0-9a-f]+)/i.exec(regs)?.[1]
      if (this.last) this.last.cr0 = cr0
      if (cr0 === undefined || (Number.parseInt(cr0, 16) & CR0_PG) !== 0) return false
    }
    return true
  }
}
