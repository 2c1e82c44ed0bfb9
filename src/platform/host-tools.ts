// The programs and firmware a run needs, found on the system: QEMU per arch, qemu-ga, a
// static busybox, qemu-img and UEFI firmware. Setup probes the host with this before deciding
// what to install, and a run without a setup step (the CLI, tests) takes its HostSetup from
// here, so both see the same files in the same order.
import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import * as path from 'node:path'
import type { HostSetup, UefiFirmware } from '../plan/host-setup.js'
import type { Arch } from '../plan/types.js'
import { readElfInfo } from '../util/elf.js'
import { findProgram } from '../util/which.js'
import { archFacts } from './arch.js'
import { findVirtiofsd } from './virtiofs.js'

/** What to look for. */
export interface ToolNeeds {
  arches: readonly Arch[]
  guestAgent?: boolean
  busybox?: boolean
  qemuImg?: boolean
  /** Arches whose UEFI firmware is wanted. */
  uefi?: readonly Arch[]
  /** virtiofsd (`shared_fs = "virtiofs"`). */
  virtiofsd?: boolean
}

export interface ToolLookup {
  /** Absolute path of an executable, or undefined (default: PATH, then the sbin folders). */
  which?: (name: string) => string | undefined
  exists?: (file: string) => boolean
  /** Whether `file` is a statically linked ELF program (default: reads its headers). */
  isStatic?: (file: string) => boolean
}

/** sbin folders are searched too: Debian puts qemu-ga in /usr/sbin, which is not in a normal
 *  user's PATH. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin']

export function whichProgram(name: string, envPath: string = process.env.PATH ?? ''): string | undefined {
  return findProgram(name, envPath, SBIN_DIRS)
}

/** Where a static busybox may be besides PATH (busybox-static installs /bin/busybox). */
const BUSYBOX_PATHS = ['/bin/busybox', '/usr/bin/busybox']

/** True for an ELF executable without a PT_INTERP program header (statically linked). */
export function isStaticElfFile(file: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    // Program headers follow the ELF header closely; 64 KiB holds them for any real binary.
    const head = Buffer.alloc(64 * 1024)
    const n = readSync(fd, head, 0, head.length, 0)
    return readElfInfo(head.subarray(0, n))?.isStatic ?? false
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The first of `arch`'s UEFI firmware files under `root` (`/` or a bundle), with its VARS
 *  template when that exists too. */
export function findUefiFirmware(
  arch: Arch,
  root: string,
  exists: (file: string) => boolean = existsSync,
): UefiFirmware | undefined {
  for (const c of archFacts(arch).uefi) {
    const code = path.join(root, c.code)
    if (!exists(code)) continue
    const vars = c.vars !== undefined ? path.join(root, c.vars) : undefined
    return vars !== undefined && exists(vars) ? { code, vars } : { code }
  }
  return undefined
}

/** Everything `needs` names that the system has, as a HostSetup (no extra environment). */
export function findSystemTools(needs: ToolNeeds, lookup: ToolLookup = {}): HostSetup {
  const which = lookup.which ?? ((n: string) => whichProgram(n))
  const exists = lookup.exists ?? existsSync
  const isStatic = lookup.isStatic ?? isStaticElfFile
  const found: HostSetup = { qemuPaths: {}, env: {}, uefiFirmware: {} }
  for (const arch of needs.arches) {
    const p = which(archFacts(arch).program)
    if (p) found.qemuPaths[arch] = p
  }
  if (needs.guestAgent) {
    const p = which('qemu-ga')
    if (p) found.guestAgent = { path: p, env: {} }
  }
  if (needs.busybox)
    found.busybox = [which('busybox'), ...BUSYBOX_PATHS].find(
      (p): p is string => p !== undefined && exists(p) && isStatic(p),
    )
  if (needs.qemuImg) {
    const p = which('qemu-img')
    if (p) found.qemuImg = { path: p, env: {} }
  }
  if (needs.virtiofsd) {
    const p = findVirtiofsd(process.env, which, exists)
    if (p) found.virtiofsd = { path: p, env: {} }
  }
  for (const arch of needs.uefi ?? []) {
    const fw = findUefiFirmware(arch, '/', exists)
    if (fw) found.uefiFirmware[arch] = fw
  }
  return found
}

/** The HostSetup of a run without a setup step: the system's tools for `arches`. */
export function systemHostSetup(arches: readonly Arch[]): HostSetup {
  return findSystemTools({ arches, guestAgent: true, busybox: true, qemuImg: true, uefi: arches, virtiofsd: true })
}
