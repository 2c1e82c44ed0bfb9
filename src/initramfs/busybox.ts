// The static busybox the generated initramfs runs: from the rootfs, or setup's fallback, and
// always built for the guest's architecture.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Arch } from '../plan/types.js'
import { readElfInfo } from '../util/elf.js'
import { InitramfsError } from './errors.js'
import { RootPathError, readFileInRoot } from '../util/root-path.js'

/** Where distros put busybox, inside the target's rootfs; the first static one wins.
 *  Ubuntu's busybox-initramfs lives in the last one. */
const BUSYBOX_CANDIDATES = [
  'bin/busybox',
  'usr/bin/busybox',
  'sbin/busybox',
  'usr/sbin/busybox',
  'usr/lib/initramfs-tools/bin/busybox',
]

export interface Busybox {
  /** Host path of the binary that was chosen. */
  path: string
  data: Buffer
}

/**
 * A statically linked busybox for the initramfs: `override` (a host path) when given, else
 * the first static one of BUSYBOX_CANDIDATES in `rootfs`, else `fallback` (a host path: the
 * static busybox setup installed or found, for a rootfs without one). Taking it from the
 * target's rootfs means it matches the guest's architecture; `arch`, when given, is checked
 * too (so a host busybox never goes into a foreign-arch initramfs). Throws an
 * InitramfsError that says which package to install when there is none or only a dynamic one
 * (a dynamic busybox would need the rootfs's ld.so and libc, which the initramfs lacks).
 */
export function findStaticBusybox(rootfs: string, override?: string, arch?: Arch, fallback?: string): Busybox {
  // The override is the host's own (setup's bundle or system busybox); the candidates are
  // the rootfs's, read without leaving it.
  const fromHost = (c: string): { path: string; data: Buffer } => ({ path: c, data: readFileSync(c) })
  const candidates =
    override !== undefined
      ? [() => fromHost(override)]
      : [
          ...BUSYBOX_CANDIDATES.map((c) => () => readFileInRoot(rootfs, c)),
          ...(fallback !== undefined ? [() => fromHost(fallback)] : []),
        ]
  const rejected: string[] = []
  for (const read of candidates) {
    let file: string
    let data: Buffer
    try {
      ;({ path: file, data } = read())
    } catch (err) {
      if (err instanceof RootPathError) throw new InitramfsError(`The busybox candidate ${err.message}`)
      continue
    }
    const elf = readElfInfo(data)
    if (elf === undefined) {
      rejected.push(`${file} is not an ELF program`)
    } else if (!elf.isStatic) {
      rejected.push(`${file} is dynamically linked`)
    } else if (arch !== undefined && elf.arch !== arch) {
      rejected.push(`${file} is built for ${elf.arch ?? `ELF machine 0x${elf.machine.toString(16)}`}, not ${arch}`)
    } else {
      return { path: file, data }
    }
  }
  const where =
    override !== undefined
      ? override
      : [
          ...BUSYBOX_CANDIDATES.map((c) => path.posix.join('<rootfs>', c)),
          ...(fallback !== undefined ? [fallback] : []),
        ].join(', ')
  const found = rejected.length > 0 ? `: ${rejected.join('; ')}` : ` (looked at ${where})`
  throw new InitramfsError(
    `No static busybox for the initramfs in ${override !== undefined ? 'the given path' : `rootfs ${rootfs}`}${found}. ` +
      `Install the busybox-static package in the rootfs (apt-get install busybox-static).`,
  )
}
