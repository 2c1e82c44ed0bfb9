// What a plan needs from the host, and which Debian/Ubuntu packages provide it. Pure: the
// install step turns this into apt or tool-cache work, tests check the tables.
import { ARCHES, type Arch, type Plan } from '../plan/types.js'
import { archFacts, qemuPackageFor } from '../platform/arch.js'
import type { OsRelease } from './host.js'

export interface Requirements {
  /** Arches that need a `qemu-system-<arch>` from us (targets using the default QEMU name;
   *  a target with its own `qemu_command` brings its own QEMU). */
  arches: Arch[]
  /** The host's qemu-ga, for a guest to run. No plan needs it now: a kernel target's init
   *  runs the command itself (its root needs only bash), and an image brings its own agent.
   *  Kept so setup can still report and bundle one when asked. */
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
  /** Some target has `shared_fs = "virtiofs"`: the host runs a virtiofsd per share. */
  virtiofsd?: boolean
}

const sortArches = (set: Set<Arch>): Arch[] => ARCHES.filter((a) => set.has(a))

export function requirementsOf(plan: Plan, host?: Arch): Requirements {
  const arches = new Set<Arch>()
  const uefi = new Set<Arch>()
  let initramfs = false
  let qemuImg = false
  let kvm = false
  let virtiofsd = false
  for (const t of plan.targets) {
    if (t.qemuCommand === archFacts(t.arch).program) arches.add(t.arch)
    if (t.kind === 'kernel') {
      if (plan.options.initramfs !== 'off') initramfs = true
    } else {
      if (t.uefi && !t.vm.bios) uefi.add(t.arch)
      // qemu-img inspects every image's chain before boot (and makes the snapshot overlay).
      qemuImg = true
    }
    if (host !== undefined && t.arch === host && plan.options.accel !== 'tcg') kvm = true
    if (t.vm.sharedFs === 'virtiofs') virtiofsd = true
  }
  return {
    arches: sortArches(arches),
    guestAgent: false,
    uefi: sortArches(uefi),
    initramfs,
    qemuImg,
    kvm,
    ...(virtiofsd ? { virtiofsd } : {}),
  }
}

/** True when nothing needs installing. */
export function isEmpty(req: Requirements): boolean {
  return (
    req.arches.length === 0 &&
    !req.guestAgent &&
    req.uefi.length === 0 &&
    !req.initramfs &&
    !req.qemuImg &&
    !req.virtiofsd
  )
}

/**
 * The package with virtiofsd: its own (the Rust daemon) on Debian 13 and Ubuntu 24.04 and
 * later; before them QEMU's C daemon in qemu-system-common, at /usr/lib/qemu/virtiofsd.
 */
export function virtiofsdPackageFor(os?: Pick<OsRelease, 'id'> & Partial<Pick<OsRelease, 'versionId'>>): string {
  const major = Number.parseFloat(os?.versionId ?? '')
  if (os?.id === 'ubuntu') return major < 24 ? 'qemu-system-common' : 'virtiofsd'
  if (os?.id === 'debian') return major < 13 ? 'qemu-system-common' : 'virtiofsd'
  return 'virtiofsd'
}

export function debianPackagesFor(
  req: Requirements,
  os?: Pick<OsRelease, 'id'> & Partial<Pick<OsRelease, 'versionId'>>,
): string[] {
  const out: string[] = []
  const add = (p: string | undefined): void => {
    if (p && !out.includes(p)) out.push(p)
  }
  for (const a of req.arches) add(qemuPackageFor(a, os?.id))
  if (req.guestAgent) add('qemu-guest-agent')
  for (const a of req.uefi) add(archFacts(a).uefiPackage)
  if (req.initramfs) add('busybox-static')
  if (req.qemuImg) add('qemu-utils')
  if (req.virtiofsd) add(virtiofsdPackageFor(os))
  return out
}
