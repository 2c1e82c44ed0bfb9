// What the serial console tells us before the agent can: a panic, firmware that found
// nothing to boot, or (for the KVM probe) that the kernel is running at all. Pure.
import type { Target } from '../plan/types.js'
import { INITRAMFS_FATAL_MARKER } from '../initramfs/index.js'

export type ConsoleVerdict =
  | { kind: 'panic'; line: string }
  /** `firmware`: which kind gave up: SeaBIOS ('bios') or OVMF/AAVMF ('uefi'). */
  | { kind: 'no-boot-device'; line: string; firmware: 'bios' | 'uefi' }
  /** Our init gave up (templates/init.sh `fatal`): `reason` is what it said. */
  | { kind: 'init-failed'; reason: string }
  | { kind: 'kernel-alive' }
  | undefined

// Our initramfs prints its fatal marker before powering off (templates/initramfs-init.sh).
const PANIC = new RegExp(`Kernel panic - not syncing|${INITRAMFS_FATAL_MARKER}`)
// templates/init.sh's last word before it powers off (not the initramfs's `vmtest-initramfs:`).
const INIT_FATAL = /(?:^|[\s\]])vmtest: FATAL: (.+?)\s*$/
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

export function classifyConsoleLine(line: string): ConsoleVerdict {
  if (PANIC.test(line)) return { kind: 'panic', line: line.trim() }
  const initFatal = INIT_FATAL.exec(line)
  if (initFatal) return { kind: 'init-failed', reason: initFatal[1] }
  if (BIOS_NO_BOOT.test(line)) return { kind: 'no-boot-device', line: plain(line), firmware: 'bios' }
  if (UEFI_NO_BOOT.test(line)) return { kind: 'no-boot-device', line: plain(line).replace(/ from \S+$/, ''), firmware: 'uefi' }
  if (KERNEL_ALIVE.test(line)) return { kind: 'kernel-alive' }
  return undefined
}

/** The target's error for a no-boot-device verdict, with the likely fix. */
export function noBootMessage(verdict: { line: string; firmware: 'bios' | 'uefi' }, target: Pick<Target, 'kind' | 'uefi' | 'arch'>): string {
  const said = `the firmware found nothing to boot: "${verdict.line}"`
  if (target.kind !== 'image') return said
  if (verdict.firmware === 'bios' && !target.uefi) return `${said} (is this a UEFI image? set uefi = true)`
  if (verdict.firmware === 'uefi' && target.uefi) {
    const loader = `no EFI boot loader on the disk (EFI/BOOT/${EFI_LOADER[target.arch] ?? 'BOOT*.EFI'} in an EFI system partition)`
    // Only x86 has a BIOS to fall back on.
    return target.arch === 'x86_64' ? `${said} (${loader}: is this a BIOS-only image? boot it without uefi = true)` : `${said} (${loader})`
  }
  return said
}

/** The removable-media boot loader path UEFI firmware looks for, per arch. */
const EFI_LOADER: Partial<Record<Target['arch'], string>> = { x86_64: 'BOOTX64.EFI', aarch64: 'BOOTAA64.EFI', riscv64: 'BOOTRISCV64.EFI' }

function plain(line: string): string {
  return line.replace(TERMINAL_CONTROL, '').trim()
}
