// What the serial console tells us before the agent can: a panic, firmware or a disk's boot
// code that found nothing to boot, the firmware's last word before a silence (HandoffWatch),
// the kernel halting, or (for the KVM probe) that the kernel is running at all. Pure, and
// linear in the line's length: every console line goes through here while the event loop waits.
//
// The words that mean "this boot is over" live here once: the kernel's panic headline, and
// our own scripts' fatal markers (src/guest/markers.ts).
import type { Target } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'
import { INIT_FATAL_MARKER, INITRAMFS_FATAL_MARKER } from '../guest/markers.js'
import { forMatching } from './text.js'

/** The kernel's panic headline (kernel/panic.c), which splats and the console watch share. */
export const KERNEL_PANIC = 'Kernel panic - not syncing'

/** Who said a boot failure: the firmware itself — SeaBIOS ('bios'), OVMF/AAVMF ('uefi') —
 *  or the code it started from the disk ('disk': a boot sector, MBR or boot loader). */
export type BootSpeaker = 'bios' | 'uefi' | 'disk'

export type ConsoleVerdict =
  | { kind: 'panic'; line: string }
  /** Final: nothing will boot without someone at the keyboard. */
  | { kind: 'no-boot-device'; line: string; firmware: BootSpeaker }
  /** Not final: one boot option failed, another may still boot (the firmware moves on). */
  | { kind: 'boot-attempt-failed'; line: string; firmware: BootSpeaker }
  /** The firmware handed the CPU to code it loaded (a boot sector, an EFI program). */
  | { kind: 'firmware-handoff'; line: string; firmware: 'bios' | 'uefi' }
  /** The firmware's own chatter (banner, menus, escape-only lines): no sign of a loader. */
  | { kind: 'firmware' }
  /** Our init gave up (templates/init.sh `fatal`): `reason` is what it said. */
  | { kind: 'init-failed'; reason: string }
  /** The kernel stopped the machine (`reboot: System halted` / `Power down`). */
  | { kind: 'halted' }
  | { kind: 'kernel-alive' }
  | undefined

// SeaBIOS's last word when no boot device worked (e.g. a UEFI-only image booted without
// `uefi = true`); it then waits forever. Its earlier "Boot failed: ..." lines are not final:
// another disk (from vm.extra_args) may still boot, and when none does this line follows.
const BIOS_NO_BOOT = /No bootable device/
const BIOS_ATTEMPT_FAILED = /^Boot failed: (?!please change disks)/
const BIOS_HANDOFF = /^Booting from [^.]{1,40}\.\.\./
// The same line left unfinished: the code SeaBIOS starts can stop the serial port before the
// line's last characters have left it (an MBR of zeros running wild did, under load: the
// console ended at "Booting from Hard Disk.." for good). The UART's 16-byte FIFO can hold
// back most of "from Hard Disk...\r\n", so any start from "Booting" on counts.
const BIOS_HANDOFF_WORDS = 'Booting from '
const BIOS_HANDOFF_SHORTEST = 'Booting'.length
const BIOS_CHATTER = /^(?:SeaBIOS \(version|iPXE|Press ESC for boot menu|Select boot device|Machine UUID)/
// EDK2 (OVMF, AAVMF) when no boot option loads (e.g. a BIOS-only image with `uefi = true`):
// builds with a shell start it ("EFI Internal Shell", then sit at `Shell>`), builds without
// one say so. Either way nothing will boot without someone at the keyboard. A failed option
// is not final (the next one may boot); one that starts is a program found on the disk.
const UEFI_NO_BOOT =
  /No bootable option|BdsDxe: starting Boot[0-9A-F]{4} "EFI Internal Shell"|UEFI Interactive Shell v\d/
const UEFI_ATTEMPT_FAILED = /^BdsDxe: failed to load Boot[0-9A-F]{4}/
const UEFI_HANDOFF = /^BdsDxe: starting Boot[0-9A-F]{4}/
const UEFI_CHATTER = /^(?:BdsDxe: |>>|PXE-|Station IP address|Press ESC in \d)/
// What the code on a disk says when it cannot go on, and then waits for a key or spins:
// MBRs (DOS/Windows, SYSLINUX's mbr.bin), FAT and NTFS boot sectors, Windows' loaders,
// SYSLINUX, and GRUB dropped to its rescue shell or its bare command line.
const DISK_GAVE_UP = new RegExp(
  [
    'Missing operating system',
    'Operating system not found',
    "An operating system wasn't found",
    'Invalid partition table',
    'Error loading operating system',
    'not a bootable disk',
    'Non-system disk or disk error',
    'BOOTMGR is (?:missing|compressed)',
    'NTLDR is missing',
    'Failed to load ldlinux\\.c32',
    'please change disks and press a key to continue',
    'Entering rescue mode',
    'grub rescue>',
    'Minimal BASH-like line editing is supported',
  ].join('|'),
  'i',
)
// GRUB errors that lead to its rescue shell (which then says so): worth naming with it.
const DISK_ATTEMPT_FAILED = /^error: (?:no such partition|unknown filesystem)/
// The kernel's last words on a halt or power-off (kernel/reboot.c).
const HALTED = /^(?:\[\s*\d+\.\d+\] )?reboot: (?:System halted|Power down)\s*$/
// The kernel proper printing (not just the decompressor): timestamps or the banner.
const KERNEL_ALIVE = /Linux version \d|Booting Linux on|^\[\s*\d+\.\d+\] /
// Firmware paints the screen: cursor moves, colours, resets (ESC c).
const ESC = String.fromCharCode(0x1b)
const TERMINAL_CONTROL = new RegExp(`${ESC}\\[[0-9;?=]*[A-Za-z]|${ESC}[c()][0-9A-Za-z]?`, 'g')

/** What one console line means for the boot; only its first MAX_MATCH_CHARS are looked at. */
export function classifyConsoleLine(raw: string): ConsoleVerdict {
  const line = forMatching(raw)
  if (isPanicLine(line)) return { kind: 'panic', line: line.trim() }
  const reason = initFatalReason(line)
  if (reason !== undefined) return { kind: 'init-failed', reason }
  if (HALTED.test(line)) return { kind: 'halted' }
  if (KERNEL_ALIVE.test(line)) return { kind: 'kernel-alive' }
  return classifyBootLine(plain(line))
}

/**
 * What an unfinished console line (the console idle on it: a prompt, or output cut short)
 * means for the boot: boot code giving up (its prompt ends without a newline) or SeaBIOS's
 * hand-over, whole or cut short. Nothing else: a firmware line seen half-way would be
 * reported cut, and is delivered again when it ends.
 */
export function classifyUnfinishedLine(raw: string): ConsoleVerdict {
  const verdict = classifyConsoleLine(raw)
  if (verdict?.kind === 'no-boot-device' && verdict.firmware === 'disk') return verdict
  const text = plain(forMatching(raw))
  const handoff = text.startsWith(BIOS_HANDOFF_WORDS)
    ? text.length > BIOS_HANDOFF_WORDS.length
    : text.length >= BIOS_HANDOFF_SHORTEST && BIOS_HANDOFF_WORDS.startsWith(text)
  if (handoff) return { kind: 'firmware-handoff', line: text, firmware: 'bios' }
  return undefined
}

/** Firmware and boot loader lines, terminal control already removed. */
function classifyBootLine(text: string): ConsoleVerdict {
  if (text === '') return { kind: 'firmware' }
  if (BIOS_NO_BOOT.test(text)) return { kind: 'no-boot-device', line: text, firmware: 'bios' }
  if (UEFI_NO_BOOT.test(text)) return { kind: 'no-boot-device', line: withoutDevicePath(text), firmware: 'uefi' }
  // Before the disks' words: SeaBIOS says "Boot failed: not a bootable disk" of a disk
  // without a boot signature, and then tries the next one.
  if (BIOS_ATTEMPT_FAILED.test(text)) return { kind: 'boot-attempt-failed', line: text, firmware: 'bios' }
  if (DISK_GAVE_UP.test(text)) return { kind: 'no-boot-device', line: text, firmware: 'disk' }
  if (UEFI_ATTEMPT_FAILED.test(text)) return { kind: 'boot-attempt-failed', line: text, firmware: 'uefi' }
  if (DISK_ATTEMPT_FAILED.test(text)) return { kind: 'boot-attempt-failed', line: text, firmware: 'disk' }
  if (BIOS_HANDOFF.test(text)) return { kind: 'firmware-handoff', line: text, firmware: 'bios' }
  if (UEFI_HANDOFF.test(text)) return { kind: 'firmware-handoff', line: withoutDevicePath(text), firmware: 'uefi' }
  if (BIOS_CHATTER.test(text) || UEFI_CHATTER.test(text)) return { kind: 'firmware' }
  return undefined
}

/** A kernel panic, or our initramfs giving up (which ends the boot the same way). */
export function isPanicLine(line: string): boolean {
  const l = forMatching(line)
  return l.includes(KERNEL_PANIC) || l.includes(INITRAMFS_FATAL_MARKER)
}

/**
 * What our init (or mount script) said after `vmtest: FATAL:` in `text` — a console line or
 * a script's whole stderr — or undefined when it did not say it. The marker must start a line
 * or follow whitespace or the `]` of a printk timestamp (`my-vmtest: FATAL:` is not ours);
 * the reason runs to the end of its line, trailing whitespace dropped.
 */
export function initFatalReason(text: string): string | undefined {
  const marker = `${INIT_FATAL_MARKER} `
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]
    if (before !== '' && before !== ']' && before.trim() !== '') continue
    const from = at + marker.length
    const end = lineEnd(text, from)
    const reason = text.slice(from, end).trimEnd()
    if (from < end) return reason
  }
  return undefined
}

/** Where the line that `from` is in ends: at a newline or a carriage return (CRLF). */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || c === 0x0d) return i
  }
  return text.length
}

/** OVMF names the boot option's device path after ` from `: noise in a message (and where
 *  a slow host made the firmware drop characters, the garbled part). */
function withoutDevicePath(line: string): string {
  const at = line.indexOf(' from ')
  return at >= 0 ? line.slice(0, at) : line
}

/** The target's error for a no-boot-device verdict, with the likely fix; `earlier`: a
 *  not-final failure seen before it (e.g. SeaBIOS's "Boot failed: ..."), if any. */
export function noBootMessage(
  verdict: { line: string; firmware: BootSpeaker },
  target: Pick<Target, 'kind' | 'uefi' | 'arch'>,
  earlier?: string,
): string {
  const said =
    verdict.firmware === 'disk'
      ? `the disk did not boot: its boot code says "${verdict.line}"`
      : `the firmware found nothing to boot: "${verdict.line}"`
  const before = earlier && earlier !== verdict.line ? ` (before that: "${earlier}")` : ''
  return `${said}${before}${bootHint(verdict.firmware, target)}`
}

/**
 * The target's error when the boot stalled in silence (HandoffWatch, then the VM's own
 * checks): `blame` is the firmware's last word, `seconds` how long nothing followed.
 */
export function stalledBootMessage(
  blame: { line: string; firmware: BootSpeaker; failed: boolean; lastWords?: string },
  seconds: number,
  target: Pick<Target, 'kind' | 'uefi' | 'arch'>,
  silent = true,
): string {
  const then = blame.lastWords ? `, then "${blame.lastWords}",` : ''
  const started = `the boot stalled: the firmware started the disk's boot code ("${blame.line}")${then}`
  const said = blame.failed
    ? `the firmware could not boot the disk: "${blame.line}"${then || ','} and nothing followed for ${seconds} s`
    : silent
      ? `${started} and nothing followed for ${seconds} s (no console output, no disk reads, paging never turned on: boot code with no operating system behind it, or one waiting for a key)`
      : `${started} and no operating system started in ${seconds} s (no disk reads, paging never turned on, only console output: boot code running wild, or a menu waiting for a key)`
  return `${said}${bootHint(blame.firmware, target)}`
}

/** The likely fix, for an image target whose firmware choice may be the problem. */
function bootHint(firmware: BootSpeaker, target: Pick<Target, 'kind' | 'uefi' | 'arch'>): string {
  if (target.kind !== 'image') return ''
  if (firmware === 'bios' && !target.uefi) return ' (is this a UEFI image? set uefi = true)'
  if (firmware === 'uefi' && target.uefi) {
    const loader = `no EFI boot loader on the disk (EFI/BOOT/${archFacts(target.arch).efiLoader ?? 'BOOT*.EFI'} in an EFI system partition)`
    // Only x86 has a BIOS to fall back on.
    return target.arch === 'x86_64'
      ? ` (${loader}: is this a BIOS-only image? boot it without uefi = true)`
      : ` (${loader})`
  }
  return ''
}

/** What HandoffWatch blames when the console stays silent. */
export interface StallSuspect {
  line: string
  firmware: BootSpeaker
  /** The firmware's own failure (a boot option failed) rather than a hand-over. */
  failed: boolean
  /** When it was said (the caller's clock). */
  since: number
  /** The last text seen after it (a loader's words, or junk), if any. */
  lastWords?: string
}

/**
 * Follows a boot's console to tell when only silence can show it is stuck: the firmware has
 * had its last word — SeaBIOS started a disk's boot code ("Booting from Hard Disk..."), or a
 * firmware failed a boot option — and nothing has spoken since. A kernel or our init ends it
 * for good; other text (a boot loader's messages, or junk from boot code running wild) keeps
 * it armed, only restarting the silence and kept as the last words for the message: the
 * caller's check that no kernel runs (paging off) is what tells a live loader from a dead one.
 * The firmware starting over (a reset) arms it afresh.
 *
 * OVMF starting an EFI program from the disk does not arm it: a loader exists, and the
 * kernel's EFI stub then loads and decompresses in silence for many seconds under TCG.
 * Pure: the caller supplies the clock and decides what the silence means (see vm/).
 */
/** How much of a loader's last line goes into the message. */
const LAST_WORDS_CHARS = 200

export class HandoffWatch {
  private suspect?: StallSuspect
  private over = false
  /** The last not-final failure seen (a firmware's or a boot loader's), for messages. */
  earlierFailure?: string

  /** `line` is the console line `verdict` was made of (for the last words). */
  see(verdict: ConsoleVerdict, now: number, line = ''): void {
    if (this.over) return
    if (verdict === undefined) {
      if (this.suspect)
        this.suspect = { ...this.suspect, lastWords: plain(forMatching(line)).slice(0, LAST_WORDS_CHARS) }
      return
    }
    switch (verdict.kind) {
      case 'firmware-handoff':
        this.suspect =
          verdict.firmware === 'bios' ? { line: verdict.line, firmware: 'bios', failed: false, since: now } : undefined
        return
      case 'boot-attempt-failed':
        this.earlierFailure = verdict.line
        if (verdict.firmware !== 'disk')
          this.suspect = { line: verdict.line, firmware: verdict.firmware, failed: true, since: now }
        else if (this.suspect) this.suspect = { ...this.suspect, lastWords: verdict.line }
        return
      case 'firmware':
      case 'no-boot-device':
        return
      default:
        // A kernel, our init, a halt: the boot went past the firmware.
        this.end()
    }
  }

  /** What to blame if nothing has been said since it was armed; undefined when disarmed. */
  armed(): StallSuspect | undefined {
    return this.over ? undefined : this.suspect
  }

  /** The boot went past the firmware (a kernel runs, the agent answered): never arm again. */
  end(): void {
    this.over = true
    this.suspect = undefined
  }
}

function plain(line: string): string {
  return line.replace(TERMINAL_CONTROL, '').trim()
}
