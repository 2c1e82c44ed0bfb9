// UEFI firmware for `uefi = true` image targets, passed to QEMU with `-bios`. Which files
// qualify, per arch, is the platform table's business; which one this run uses is setup's
// (HostSetup.uefiFirmware: the tool cache's or the system's). This only picks between the
// user's `vm.bios` and that, and says what was tried when there is neither.
import type { UefiFirmware } from '../plan/host-setup.js'
import type { Arch, Target } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'
import { FirmwareNotFoundError } from './errors.js'

/** Distro firmware paths for `arch` on the system, in the order they are tried. */
export function uefiFirmwareCandidates(arch: Arch): string[] {
  return archFacts(arch).uefi.map((c) => `/${c.code}`)
}

/** `vm.bios` when set, else the firmware setup resolved for the target's arch. */
export function resolveUefiFirmware(target: Target, resolved: UefiFirmware | undefined): string {
  // An explicit bios is the user's choice; the config loader checks that the file exists.
  if (target.vm.bios) return target.vm.bios
  if (resolved) return resolved.code
  throw new FirmwareNotFoundError(
    target.name,
    target.arch,
    uefiFirmwareCandidates(target.arch),
    archFacts(target.arch).uefiHint,
  )
}
