// What the serial console tells us before the agent can: a panic, firmware that found
// nothing to boot, or (for the KVM probe) that the kernel is running at all. Pure.
import { INITRAMFS_FATAL_MARKER } from '../initramfs/index.js'

export type ConsoleVerdict =
  | { kind: 'panic'; line: string }
  | { kind: 'no-boot-device'; line: string }
  | { kind: 'kernel-alive' }
  | undefined

// Our initramfs prints its fatal marker before powering off (templates/initramfs-init.sh).
const PANIC = new RegExp(`Kernel panic - not syncing|${INITRAMFS_FATAL_MARKER}`)
// SeaBIOS when no disk is bootable (e.g. a UEFI-only image booted without `uefi = true`),
// and OVMF's equivalent when nothing on the disk is an EFI application.
const NO_BOOT = /No bootable device|Boot failed: not a bootable disk|No bootable option or device was found|BdsDxe: No bootable option/
// The kernel proper printing (not just the decompressor): timestamps or the banner.
const KERNEL_ALIVE = /Linux version \d|Booting Linux on|^\[\s*\d+\.\d+\] /

export function classifyConsoleLine(line: string): ConsoleVerdict {
  if (PANIC.test(line)) return { kind: 'panic', line: line.trim() }
  if (NO_BOOT.test(line)) return { kind: 'no-boot-device', line: line.trim() }
  if (KERNEL_ALIVE.test(line)) return { kind: 'kernel-alive' }
  return undefined
}
