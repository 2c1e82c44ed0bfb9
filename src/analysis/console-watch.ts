// What the serial console tells us before the agent can: a panic, firmware that found
// nothing to boot, or (for the KVM probe) that the kernel is running at all. Pure, and linear
// in the line's length: every console line goes through here while the event loop waits.
//
// The words that mean "this boot is over" live here once: the kernel's panic headline, and
// our own scripts' fatal markers (src/guest/markers.ts).
import type { Target } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'
import { INIT_FATAL_MARKER, INITRAMFS_FATAL_MARKER } from '../guest/markers.js'
import { forMatching } from './text.js'

/** The kernel's panic headline (kernel/panic.c), which splats and the console watch share. */
export const KERNEL_PANIC = 'Kernel panic - not syncing'

type ConsoleVerdict =
  | { kind: 'panic'; line: string }
  /** `firmware`: which kind gave up: SeaBIOS ('bios') or OVMF/AAVMF ('uefi'). */
  | { kind: 'no-boot-device'; line: string; firmware: 'bios' | 'uefi' }
  /** Our init gave up (templates/init.sh `fatal`): `reason` is what it said. */
  | { kind: 'init-failed'; reason: string }
  | { kind: 'kernel-alive' }
  | undefined

// SeaBIOS's last word when no boot device worked (e.g. a UEFI-only image booted without
// `uefi = true`); it then waits forever. Its earlier "Boot failed: ..." lines are not final:
// another disk (from vm.extra_args) may still boot.
const BIOS_NO_BOOT = /No bootable device/
// EDK2 (OVMF, AAVMF) when no boot option loads (e.g. a BIOS-only image with `uefi = true`):
// builds with a shell start it ("EFI Internal Shell", then sit at `Shell>`), builds without
// one say so. Either way nothing will boot without someone at the keyboard.
const UEFI_NO_BOOT = /No bootable option or device was found|BdsDxe: starting Boot[0-9A-F]{4} "EFI Internal Shell"|UEFI Interactive Shell v\d/
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
  if (BIOS_NO_BOOT.test(line)) return { kind: 'no-boot-device', line: plain(line), firmware: 'bios' }
  if (UEFI_NO_BOOT.test(line)) return { kind: 'no-boot-device', line: withoutDevicePath(plain(line)), firmware: 'uefi' }
  if (KERNEL_ALIVE.test(line)) return { kind: 'kernel-alive' }
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

/** OVMF names the boot option's device path after ` from `: noise in a message. */
function withoutDevicePath(line: string): string {
  return line.replace(/ from \S+$/, '')
}

/** The target's error for a no-boot-device verdict, with the likely fix. */
export function noBootMessage(verdict: { line: string; firmware: 'bios' | 'uefi' }, target: Pick<Target, 'kind' | 'uefi' | 'arch'>): string {
  const said = `the firmware found nothing to boot: "${verdict.line}"`
  if (target.kind !== 'image') return said
  if (verdict.firmware === 'bios' && !target.uefi) return `${said} (is this a UEFI image? set uefi = true)`
  if (verdict.firmware === 'uefi' && target.uefi) {
    const loader = `no EFI boot loader on the disk (EFI/BOOT/${archFacts(target.arch).efiLoader ?? 'BOOT*.EFI'} in an EFI system partition)`
    // Only x86 has a BIOS to fall back on.
    return target.arch === 'x86_64' ? `${said} (${loader}: is this a BIOS-only image? boot it without uefi = true)` : `${said} (${loader})`
  }
  return said
}


function plain(line: string): string {
  return line.replace(TERMINAL_CONTROL, '').trim()
}
