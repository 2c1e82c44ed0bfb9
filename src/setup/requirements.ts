// What a plan needs from the host, and which Debian/Ubuntu packages provide it. Pure: the
// install step turns this into apt or tool-cache work, tests check the tables.
import { ARCHES, type Arch, type Plan } from '../plan/types.js'
import type { OsRelease } from './host.js'

export interface Requirements {
  /** Arches that need a `qemu-system-<arch>` from us (targets using the default QEMU name;
   *  a target with its own `qemu_command` brings its own QEMU). */
  arches: Arch[]
  /** Kernel targets with rootfs `/` run the host's qemu-ga inside the guest, so it must be
   *  installed on the host. (A custom rootfs must contain its own qemu-ga.) */
  guestAgent: boolean
  /** Arches with UEFI image targets that do not name their own `vm.bios`. */
  uefi: Arch[]
  /** Kernel targets may boot through the generated initramfs, built around a static busybox. */
  initramfs: boolean
  /** Image targets booted through an overlay (not `writeImage`) need `qemu-img`. */
  qemuImg: boolean
  /** Some target may use KVM (its arch is the host's and accel is not forced to tcg), so
   *  /dev/kvm is worth making usable. */
  kvm: boolean
}

export const QEMU_BINARY: Record<Arch, string> = {
  x86_64: 'qemu-system-x86_64',
  aarch64: 'qemu-system-aarch64',
  s390x: 'qemu-system-s390x',
  riscv64: 'qemu-system-riscv64',
}

const sortArches = (set: Set<Arch>): Arch[] => ARCHES.filter((a) => set.has(a))

export function requirementsOf(plan: Plan, host?: Arch): Requirements {
  const arches = new Set<Arch>()
  const uefi = new Set<Arch>()
  let guestAgent = false
  let initramfs = false
  let qemuImg = false
  let kvm = false
  for (const t of plan.targets) {
    if (t.qemuCommand === QEMU_BINARY[t.arch]) arches.add(t.arch)
    if (t.kind === 'kernel') {
      if (t.rootfs === '/') guestAgent = true
      if (plan.options.initramfs !== 'off') initramfs = true
    } else {
      if (t.uefi && !t.vm.bios) uefi.add(t.arch)
      if (!plan.options.writeImage) qemuImg = true
    }
    if (host !== undefined && t.arch === host && plan.options.accel !== 'tcg') kvm = true
  }
  return { arches: sortArches(arches), guestAgent, uefi: sortArches(uefi), initramfs, qemuImg, kvm }
}

/** True when nothing needs installing. */
export function isEmpty(req: Requirements): boolean {
  return req.arches.length === 0 && !req.guestAgent && req.uefi.length === 0 && !req.initramfs && !req.qemuImg
}

/** The package with `qemu-system-<arch>`. Debian ships s390x in qemu-system-misc (it only
 *  has a virtual qemu-system-s390x, which `apt-get download` cannot fetch); Ubuntu splits
 *  s390x into its own package. */
export function qemuPackageFor(arch: Arch, os?: Pick<OsRelease, 'id'>): string {
  switch (arch) {
    case 'x86_64':
      return 'qemu-system-x86'
    case 'aarch64':
      return 'qemu-system-arm'
    case 's390x':
      return os?.id === 'ubuntu' ? 'qemu-system-s390x' : 'qemu-system-misc'
    case 'riscv64':
      return 'qemu-system-misc'
  }
}

/** UEFI firmware package per arch; undefined where Debian/Ubuntu package none for `-bios`. */
export function uefiPackageFor(arch: Arch): string | undefined {
  return ({ x86_64: 'ovmf', aarch64: 'qemu-efi-aarch64' } as Partial<Record<Arch, string>>)[arch]
}

export function debianPackagesFor(req: Requirements, os?: Pick<OsRelease, 'id'>): string[] {
  const out: string[] = []
  const add = (p: string | undefined): void => {
    if (p && !out.includes(p)) out.push(p)
  }
  for (const a of req.arches) add(qemuPackageFor(a, os))
  if (req.guestAgent) add('qemu-guest-agent')
  for (const a of req.uefi) add(uefiPackageFor(a))
  if (req.initramfs) add('busybox-static')
  if (req.qemuImg) add('qemu-utils')
  return out
}

/** UEFI firmware files usable with `-bios`, per arch, in the order we look for them (relative
 *  to a root: `/` for installed packages, the unpack folder for the tool cache). The x86
 *  order is upstream vmtest's. */
export const UEFI_FIRMWARE_CANDIDATES: Partial<Record<Arch, string[]>> = {
  x86_64: ['usr/share/OVMF/OVMF_CODE.fd', 'usr/share/ovmf/OVMF.fd', 'usr/share/edk2/ovmf/OVMF_CODE.fd', 'usr/share/qemu/OVMF.fd'],
  aarch64: ['usr/share/qemu-efi-aarch64/QEMU_EFI.fd', 'usr/share/AAVMF/AAVMF_CODE.fd', 'usr/share/edk2/aarch64/QEMU_EFI.fd'],
}
