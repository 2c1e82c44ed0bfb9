// Whether an image target has firmware that can boot a disk at all. x86 has SeaBIOS and
// s390x its s390-ccw firmware built into QEMU; the aarch64 and riscv64 `virt` boards have
// nothing that reads a disk (aarch64 starts at an empty flash, riscv64 runs OpenSBI, which
// jumps to an empty payload), so such a target would sit silent until the boot deadline.
// Said before QEMU starts instead. Pure.
import type { Target } from '../plan/types.js'

/** vm.extra_args options that bring firmware (or a kernel) of their own. */
const OWN_FIRMWARE = /^-(bios|pflash|kernel)$|(^|,)if=pflash(,|$)/

export function imageBootProblem(target: Pick<Target, 'name' | 'kind' | 'arch' | 'uefi' | 'vm'>): string | undefined {
  if (target.kind !== 'image' || target.uefi) return undefined
  if (target.arch !== 'aarch64' && target.arch !== 'riscv64') return undefined
  if (target.vm.extraArgs.some((a) => OWN_FIRMWARE.test(a))) return undefined
  const fix =
    target.arch === 'aarch64'
      ? 'set uefi = true (AAVMF, package qemu-efi-aarch64, is found by itself)'
      : 'set uefi = true and vm.bios to firmware that boots disks on riscv64 virt (U-Boot or EDK2)'
  return `Target '${target.name}': QEMU's ${target.arch} virt board has no firmware that boots a disk (there is no BIOS on ${target.arch}): ${fix}, or pass firmware in vm.extra_args (-bios / -pflash)`
}
