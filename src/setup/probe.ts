// What of a plan's requirements the host already has: the system's tools (found the same way
// a run without setup finds them, platform/host-tools.ts), with every QEMU checked to run.
// And the wording of what is missing.
import type { HostSetup } from '../plan/host-setup.js'
import type { Arch } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'
import { findSystemTools } from '../platform/host-tools.js'
import type { Exec, Log } from './exec.js'
import { isEmpty, type Requirements } from './requirements.js'

/** What is usable on the host, and the `--version` lines of the QEMUs that ran. */
export interface Probe extends HostSetup {
  versions: Record<string, string>
}

export const firstLine = (s: string): string => s.trim().split('\n')[0] ?? ''

export async function probeHost(
  req: Requirements,
  deps: { exec: Exec; which?: (name: string) => string | undefined },
): Promise<Probe> {
  const found = findSystemTools(
    {
      arches: req.arches,
      guestAgent: req.guestAgent,
      busybox: req.initramfs,
      qemuImg: req.qemuImg,
      uefi: req.uefi,
      virtiofsd: req.virtiofsd,
    },
    { which: deps.which },
  )
  const probe: Probe = { ...found, qemuPaths: {}, versions: {} }
  for (const [arch, p] of Object.entries(found.qemuPaths) as [Arch, string][]) {
    // A QEMU that does not start (a missing library) is not "present".
    const r = await deps.exec(p, ['--version'])
    if (r.exitCode === 0) {
      probe.qemuPaths[arch] = p
      probe.versions[archFacts(arch).program] = firstLine(r.stdout)
    }
  }
  return probe
}

/** The part of `req` the host does not provide. All QEMU arches come from one place: if one
 *  is missing they are all taken from the bundle, because the bundle's QEMU_MODULE_DIR would
 *  make a host QEMU of another build refuse to load its modules. */
export function missingOf(req: Requirements, probe: HostSetup): Requirements {
  const anyQemuMissing = req.arches.some((a) => !probe.qemuPaths[a])
  return {
    arches: anyQemuMissing ? [...req.arches] : [],
    guestAgent: req.guestAgent && !probe.guestAgent,
    uefi: req.uefi.filter((a) => !probe.uefiFirmware[a]),
    initramfs: req.initramfs && !probe.busybox,
    qemuImg: req.qemuImg && !probe.qemuImg,
    kvm: req.kvm,
    ...(req.virtiofsd && !probe.virtiofsd ? { virtiofsd: true } : {}),
  }
}

export function describe(req: Requirements): string {
  const parts = [
    ...req.arches.map((a) => archFacts(a).program),
    ...(req.guestAgent ? ['qemu-ga'] : []),
    ...req.uefi.map((a) => `UEFI firmware (${a})`),
    ...(req.initramfs ? ['static busybox'] : []),
    ...(req.qemuImg ? ['qemu-img'] : []),
    ...(req.virtiofsd ? ['virtiofsd'] : []),
  ]
  return isEmpty(req) ? 'nothing' : parts.join(', ')
}

export function warnMissing(missing: Requirements, log: Log): void {
  if (missing.guestAgent)
    log(
      'qemu-ga is not installed: kernel targets with rootfs / cannot start the guest agent (install qemu-guest-agent)',
      'warning',
    )
  for (const a of missing.uefi) {
    const tried = archFacts(a)
      .uefi.map((c) => '/' + c.code)
      .join(', ')
    log(`no UEFI firmware found for ${a} (${tried || 'none packaged'}): set vm.bios`, 'warning')
  }
  if (missing.initramfs)
    log(
      'no static busybox found: stock distro kernels cannot boot through the generated initramfs (install busybox-static)',
      'warning',
    )
  if (missing.virtiofsd)
    log(
      'virtiofsd is not installed: targets with shared_fs = "virtiofs" cannot boot (install virtiofsd, or qemu-system-common before Debian 13 / Ubuntu 24.04)',
      'warning',
    )
  if (missing.qemuImg) log('qemu-img is not installed: image overlays are unavailable (install qemu-utils)', 'warning')
}

/** UEFI on arches Debian/Ubuntu package no `-bios` firmware for: nothing to install. */
export function warnUnpackaged(req: Requirements, log: Log): void {
  for (const a of req.uefi) {
    if (!archFacts(a).uefiPackage)
      log(`no packaged UEFI firmware for ${a}: set vm.bios for its UEFI targets`, 'warning')
  }
}
