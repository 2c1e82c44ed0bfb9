import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Arch, InitramfsMode } from '../plan/types.js'
import { buildInitramfsDetailed } from './build.js'
import { type BootPathDecision, decideBootPath } from './decide.js'
import { InitramfsError } from './errors.js'

export { buildInitramfs, buildInitramfsDetailed, type BuildOptions } from './build.js'
export { type BootPathDecision, decideBootPath } from './decide.js'
export { InitramfsError } from './errors.js'
export { readKernelVersion } from './kernel-version.js'
export { ROOT_MODULES, loadOrder, readModuleIndex } from './modules.js'

/** The line templates/initramfs-init.sh prints before powering off on any failure; the
 *  engine can treat it like a kernel panic (fail at once, show the console tail). */
export const INITRAMFS_FATAL_MARKER = 'vmtest-initramfs: FATAL:'

export interface PreparedBootPath {
  decision: BootPathDecision
  /** The initramfs file to pass as `-initrd`, when the decision says to use one. */
  initrd?: string
  sizeBytes?: number
  buildMs?: number
  /** Log lines: the decision's reason, then what was built and how. */
  log: string[]
}

/**
 * Decides the boot path of a kernel target and, when it needs an initramfs, builds it into
 * `dir` (the target's private temp directory) as `initramfs.cpio`. Throws InitramfsError
 * with an actionable message when the kernel cannot boot either way.
 */
export function prepareBootPath(opts: {
  kernel: string
  rootfs: string
  mode: InitramfsMode
  arch?: Arch
  dir: string
  busybox?: string
}): PreparedBootPath {
  const decision = decideBootPath(opts)
  const log = [decision.reason]
  if (!decision.initramfs) return { decision, log }
  const started = performance.now()
  const built = buildInitramfsDetailed({
    rootfs: opts.rootfs,
    kernelVersion: decision.kernelVersion as string,
    modules: decision.modules ?? [],
    busybox: opts.busybox,
    arch: opts.arch,
  })
  const initrd = path.join(opts.dir, 'initramfs.cpio')
  try {
    writeFileSync(initrd, built.data)
  } catch (err) {
    throw new InitramfsError(`Cannot write the initramfs ${initrd}: ${(err as Error).message}`)
  }
  const buildMs = Math.round(performance.now() - started)
  log.push(`initramfs: ${(built.data.length / 1024).toFixed(0)} KiB built in ${buildMs} ms (busybox ${built.busybox})`)
  if (built.notes.length > 0) log.push(`initramfs: decompressed ${built.notes.join(', ')}`)
  return { decision, initrd, sizeBytes: built.data.length, buildMs, log }
}
