// The one per-architecture table: what QEMU program and board an arch uses, how its console
// and disks are named, where its UEFI firmware lives and which Debian/Ubuntu packages bring
// them. The argv builder, the config defaults, setup (apt and the tool cache) and the
// firmware lookup all read this table, so adding or fixing an arch is one edit here.
//
// Checked on QEMU 7.2 under TCG: every arch's machine + TCG cpu starts, and the console names
// print the kernel log (s390x: the SCLP line-mode console registers as ttyS0, so upstream's
// `console=0` works).
import type { Arch } from '../plan/types.js'

/** One UEFI firmware file QEMU can load with `-bios`, relative to a root (`/` for installed
 *  packages, a tool-cache bundle's unpack folder), and the VARS template shipped beside it. */
export interface UefiCandidate {
  code: string
  vars?: string
}

export interface ArchFacts {
  arch: Arch
  /** Default QEMU program (looked up in PATH). */
  program: string
  /** Package with `qemuProgram`: Debian's, and Ubuntu's where it differs. */
  qemuPackage: { debian: string; ubuntu?: string }
  /** Machine selection, empty for the QEMU default board (x86 `pc`, s390x `s390-ccw-virtio`). */
  machine: string[]
  /** `-cpu` value without KVM (TCG). */
  tcgCpu: string
  /** Console device as written in the kernel command line. `0` is the kernel's shorthand for
   *  ttyS0 (the 8250 UART on x86 and riscv64, the SCLP console on s390x), as upstream uses. */
  console: string
  /** virtio block device for image targets: the s390-ccw firmware boots only CCW devices. */
  blkDevice: string
  /** UEFI firmware files, in the order they are tried. Empty where no distro packages one
   *  for `-bios` (vm.bios still works). */
  uefi: readonly UefiCandidate[]
  /** The package that ships `uefi` on Debian/Ubuntu, if any. */
  uefiPackage?: string
  /** What to tell a user who has no UEFI firmware for this arch. */
  uefiHint: string
  /** The removable-media boot loader UEFI firmware looks for: EFI/BOOT/<name>. */
  efiLoader?: string
}

// Only images that `-bios` can load belong in the UEFI lists. Checked with QEMU 7.2: x86 loads
// the 2 MB OVMF_CODE.fd and the unified OVMF.fd (2 MB or 4 MB) but rejects the split 4 MB
// OVMF_CODE_4M.fd ("could not load PC BIOS": its size is not a multiple of 64 KiB; it is meant
// for pflash with a VARS store). aarch64 `virt` loads both QEMU_EFI.fd (2 MB) and the 64 MB
// padded AAVMF_CODE.fd with -bios. Newer Debian and Ubuntu (24.04, GitHub's runners) dropped
// the 2 MB OVMF_CODE.fd; their unified OVMF.fd remains, hence it comes second. The x86 order
// is upstream vmtest's.
const X86_UEFI: readonly UefiCandidate[] = [
  { code: 'usr/share/OVMF/OVMF_CODE.fd', vars: 'usr/share/OVMF/OVMF_VARS.fd' }, // Debian 12, Ubuntu ≤ 22.04 (ovmf)
  { code: 'usr/share/ovmf/OVMF.fd' }, // Debian, Ubuntu (unified; the only -bios image on 24.04)
  { code: 'usr/share/edk2/ovmf/OVMF_CODE.fd', vars: 'usr/share/edk2/ovmf/OVMF_VARS.fd' }, // Fedora (edk2-ovmf)
  { code: 'usr/share/edk2/x64/OVMF.4m.fd' }, // Arch (edk2-ovmf, unified 4 MB)
  { code: 'usr/share/edk2-ovmf/x64/OVMF_CODE.fd', vars: 'usr/share/edk2-ovmf/x64/OVMF_VARS.fd' }, // older Arch
  { code: 'usr/share/qemu/OVMF.fd' }, // Debian's link in QEMU's data folder
]

const AARCH64_UEFI: readonly UefiCandidate[] = [
  { code: 'usr/share/qemu-efi-aarch64/QEMU_EFI.fd', vars: 'usr/share/qemu-efi-aarch64/QEMU_VARS.fd' }, // Debian, Ubuntu
  { code: 'usr/share/AAVMF/AAVMF_CODE.fd', vars: 'usr/share/AAVMF/AAVMF_VARS.fd' }, // same package, padded for pflash
  { code: 'usr/share/edk2/aarch64/QEMU_EFI.fd', vars: 'usr/share/edk2/aarch64/QEMU_VARS.fd' }, // Fedora, Arch (edk2-aarch64)
  { code: 'usr/share/edk2-armvirt/aarch64/QEMU_EFI.fd' }, // older Arch
]

const TABLE: Record<Arch, ArchFacts> = {
  x86_64: {
    arch: 'x86_64',
    program: 'qemu-system-x86_64',
    qemuPackage: { debian: 'qemu-system-x86' },
    machine: [],
    tcgCpu: 'qemu64',
    console: '0',
    blkDevice: 'virtio-blk-pci',
    uefi: X86_UEFI,
    uefiPackage: 'ovmf',
    uefiHint: 'Install OVMF (Debian/Ubuntu: ovmf, Fedora/Arch: edk2-ovmf) or set vm.bios.',
    efiLoader: 'BOOTX64.EFI',
  },
  aarch64: {
    arch: 'aarch64',
    program: 'qemu-system-aarch64',
    qemuPackage: { debian: 'qemu-system-arm' },
    machine: ['-machine', 'virt,gic-version=3'],
    tcgCpu: 'max',
    console: 'ttyAMA0',
    blkDevice: 'virtio-blk-pci',
    uefi: AARCH64_UEFI,
    uefiPackage: 'qemu-efi-aarch64',
    uefiHint: 'Install AAVMF (Debian/Ubuntu: qemu-efi-aarch64, Fedora/Arch: edk2-aarch64) or set vm.bios.',
    efiLoader: 'BOOTAA64.EFI',
  },
  s390x: {
    arch: 's390x',
    program: 'qemu-system-s390x',
    // Debian ships s390x in qemu-system-misc (its qemu-system-s390x is virtual, which
    // `apt-get download` cannot fetch); Ubuntu has a package of its own.
    qemuPackage: { debian: 'qemu-system-misc', ubuntu: 'qemu-system-s390x' },
    machine: [],
    tcgCpu: 'max',
    console: '0',
    blkDevice: 'virtio-blk-ccw',
    uefi: [],
    uefiHint: 's390x has no UEFI: boot the image without uefi = true.',
  },
  riscv64: {
    arch: 'riscv64',
    program: 'qemu-system-riscv64',
    qemuPackage: { debian: 'qemu-system-misc' },
    machine: ['-machine', 'virt'],
    // sscofpmf: counter overflow interrupts, so perf sampling works in the guest (upstream).
    tcgCpu: 'rv64,sscofpmf=true',
    console: '0',
    blkDevice: 'virtio-blk-pci',
    // `-bios` replaces OpenSBI, and EDK2 for riscv64 runs on top of it from pflash: no default.
    uefi: [],
    uefiHint: 'Set vm.bios to a firmware file that QEMU can load with -bios.',
    efiLoader: 'BOOTRISCV64.EFI',
  },
}

export function archFacts(arch: Arch): ArchFacts {
  const facts = TABLE[arch]
  // Targets come from validated config, but a bad cast should fail loudly, not build `undefined`.
  if (!facts) throw new Error(`unsupported arch '${String(arch)}' (supported: ${Object.keys(TABLE).join(', ')})`)
  return facts
}

/** The package with `qemu-system-<arch>` on this OS (`os-release` ID). */
export function qemuPackageFor(arch: Arch, osId?: string): string {
  const p = archFacts(arch).qemuPackage
  return (osId === 'ubuntu' ? p.ubuntu : undefined) ?? p.debian
}

/** Folders (relative to a root) that hold UEFI firmware of any arch: where a restored bundle
 *  or the system keeps its firmware files. */
export function uefiFirmwareDirs(): string[] {
  const dirs = Object.values(TABLE).flatMap((f) => f.uefi.map((c) => c.code.slice(0, c.code.lastIndexOf('/'))))
  return [...new Set(dirs)]
}

// Node's names for the host CPU → vmtest's (upstream uses Rust's std::env::consts::ARCH).
const NODE_TO_ARCH: Partial<Record<string, Arch>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  s390x: 's390x',
  riscv64: 'riscv64',
}

/** The host's arch in vmtest's naming, or undefined on a host vmtest cannot target. */
export function hostArch(nodeArch: string = process.arch): Arch | undefined {
  return NODE_TO_ARCH[nodeArch]
}
