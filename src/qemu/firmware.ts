// UEFI firmware for `uefi = true` image targets, passed to QEMU with `-bios`.
//
// Only images that `-bios` can load belong in the candidate lists. Checked with QEMU 7.2:
// x86 loads the 2 MB OVMF_CODE.fd and the unified OVMF.fd (2 MB or 4 MB) but rejects the split
// 4 MB OVMF_CODE_4M.fd ("could not load PC BIOS": its size is not a multiple of 64 KiB; it is
// meant for pflash with a VARS store). aarch64 `virt` loads both QEMU_EFI.fd (2 MB) and the
// 64 MB-padded AAVMF_CODE.fd with -bios, so no pflash setup is needed there. Newer Debian and
// Ubuntu (24.04, GitHub's runners) dropped the 2 MB OVMF_CODE.fd; their unified
// /usr/share/ovmf/OVMF.fd remains, hence it comes second.
import { existsSync } from 'node:fs'
import type { Arch, Target } from '../plan/types.js'
import { FirmwareNotFoundError } from './errors.js'

const CANDIDATES: Record<Arch, readonly string[]> = {
  x86_64: [
    '/usr/share/OVMF/OVMF_CODE.fd', // Debian 12, Ubuntu ≤ 22.04 (package ovmf)
    '/usr/share/ovmf/OVMF.fd', // Debian, Ubuntu (unified; the only -bios image on 24.04)
    '/usr/share/edk2/ovmf/OVMF_CODE.fd', // Fedora (edk2-ovmf)
    '/usr/share/edk2/x64/OVMF.4m.fd', // Arch (edk2-ovmf, unified 4 MB)
    '/usr/share/edk2-ovmf/x64/OVMF_CODE.fd', // older Arch
  ],
  aarch64: [
    '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd', // Debian, Ubuntu (qemu-efi-aarch64)
    '/usr/share/AAVMF/AAVMF_CODE.fd', // Debian, Ubuntu (same package, padded for pflash)
    '/usr/share/edk2/aarch64/QEMU_EFI.fd', // Fedora (edk2-aarch64), Arch (edk2-aarch64)
    '/usr/share/edk2-armvirt/aarch64/QEMU_EFI.fd', // older Arch
  ],
  // riscv64: `-bios` replaces OpenSBI, and EDK2 for riscv64 runs on top of it from pflash;
  // s390x has no UEFI. Neither gets a default: `vm.bios` still works for either.
  riscv64: [],
  s390x: [],
}

const PACKAGE_HINT: Record<Arch, string> = {
  x86_64: 'Install OVMF (Debian/Ubuntu: ovmf, Fedora/Arch: edk2-ovmf) or set vm.bios.',
  aarch64: 'Install AAVMF (Debian/Ubuntu: qemu-efi-aarch64, Fedora/Arch: edk2-aarch64) or set vm.bios.',
  riscv64: 'Set vm.bios to a firmware file that QEMU can load with -bios.',
  s390x: 's390x has no UEFI: boot the image without uefi = true.',
}

/** Distro firmware paths for `arch`, in the order they are tried. */
export function uefiFirmwareCandidates(arch: Arch): string[] {
  return [...CANDIDATES[arch]]
}

/** `vm.bios` when set, else the first candidate that exists. */
export function resolveUefiFirmware(target: Target, exists: (p: string) => boolean = existsSync): string {
  // An explicit bios is the user's choice; the config loader checks that the file exists.
  if (target.vm.bios) return target.vm.bios
  const tried = uefiFirmwareCandidates(target.arch)
  const found = tried.find((p) => exists(p))
  if (found) return found
  throw new FirmwareNotFoundError(target.name, target.arch, tried, PACKAGE_HINT[target.arch])
}
