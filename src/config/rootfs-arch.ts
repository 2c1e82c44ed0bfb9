// A kernel target's rootfs supplies the guest's init (bash), its guest agent and its commands,
// so it must hold programs of the target's arch. The host's root cannot serve a foreign-arch
// kernel: its init would fail to exec and the kernel panic, long after a clear word could
// have been said. Checked before boot (engine and --plan), with the rest of the paths.
import type { Arch, Target } from '../plan/types.js'
import { readElfInfo } from '../util/elf.js'
import { RootPathError, readFileInRoot } from '../util/root-path.js'

/** The program the guest's init runs as (templates/init.sh's `#!/bin/bash`). */
const PROBE = 'bin/bash'
/** Enough of an ELF file for its header and program headers. */
const HEAD_BYTES = 4096

/**
 * Why `target`'s rootfs cannot run its kernel's arch, or undefined when it can (or when that
 * cannot be told: no bash there, not ELF). `host` is this machine's arch.
 */
export function rootfsArchProblem(target: Target, host: Arch | undefined): string | undefined {
  if (target.kind !== 'kernel') return undefined
  if (target.rootfs === '/') {
    if (host === undefined || target.arch === host) return undefined
    return (
      `is this host's own ${host} root: its programs (init, guest agent, your command) cannot run under the target's ${target.arch} kernel. ` +
      `A foreign-arch kernel target needs a rootfs of that arch: set rootfs (--rootfs) to a directory holding a root file system for ${target.arch}, ` +
      `e.g. unpacked from ${target.arch} distro packages`
    )
  }
  let probe: { path: string; data: Buffer } | undefined
  try {
    probe = readFileInRoot(target.rootfs, PROBE, HEAD_BYTES)
  } catch (err) {
    // A link out of the root is the rootfs's problem to report; anything else (no bash,
    // unreadable) means the arch cannot be told.
    if (err instanceof RootPathError) return `cannot be probed for its arch: ${err.message}`
  }
  const file = probe?.path
  const elf = readElfInfo(probe?.data ?? Buffer.alloc(0))
  if (elf === undefined || elf.arch === undefined || elf.arch === target.arch) return undefined
  return `holds ${elf.arch} programs (${file} is built for ${elf.arch}), but the target's arch is ${target.arch}: it needs a rootfs of that arch`
}
