// The boot path of a kernel target, as the VM machinery asks for it: decide, then build the
// initramfs into the target's work dir when one is needed.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Arch, InitramfsMode, SharedFs } from '../plan/types.js'
import { buildInitramfsDetailed } from './build.js'
import { type BootPathDecision, decideBootPath } from './decide.js'
import { InitramfsError } from './errors.js'
import { type KernelModulesFolder, resolveKernelModules } from './kernel-modules.js'
import { RootPathError } from '../util/root-path.js'

export { type BuildOptions } from './build.js'
export { type BootPathDecision } from './decide.js'
export { type KernelModulesFolder } from './kernel-modules.js'
export { NETWORK_MODULES } from './modules.js'

export interface PreparedBootPath {
  decision: BootPathDecision
  /** The initramfs file to pass as `-initrd`, when the decision says to use one. */
  initrd?: string
  sizeBytes?: number
  buildMs?: number
  /** Log lines: the decision's reason, then what was built and how. */
  log: string[]
  /** The target's `kernel_modules` folder, checked against the kernel's release. */
  kernelModules?: KernelModulesFolder
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
  /** A static busybox (host path) to use instead of the rootfs's. */
  busybox?: string
  /** A static busybox (host path) for a rootfs that has none: HostSetup's. */
  fallbackBusybox?: string
  /** Modules wanted beyond the root's, when the kernel has them (decideBootPath). */
  extraModules?: string[]
  /** `vm.shared_fs`: the root's filesystem, whose modules the initramfs loads. */
  sharedFs?: SharedFs
  /** The target's `kernel_modules` folder (as given): checked against the kernel's release
   *  whatever the mode, and the source of the initramfs's modules. */
  kernelModules?: string
}): PreparedBootPath {
  const kernelModules =
    opts.kernelModules !== undefined ? resolveKernelModules(opts.kernelModules, opts.kernel) : undefined
  const decision = insideRoot(() => decideBootPath({ ...opts, kernelModules }))
  const log = [decision.reason]
  if (kernelModules !== undefined)
    log.push(
      `kernel_modules: ${kernelModules.dir} (release ${kernelModules.version}), seen by the guest at /lib/modules/${kernelModules.version}`,
    )
  if (!decision.initramfs) return { decision, log, kernelModules }
  const started = performance.now()
  const built = insideRoot(() =>
    buildInitramfsDetailed({
      rootfs: opts.rootfs,
      kernelVersion: decision.kernelVersion as string,
      modules: decision.modules ?? [],
      busybox: opts.busybox,
      fallbackBusybox: opts.fallbackBusybox,
      arch: opts.arch,
      modulesFrom: kernelModules,
    }),
  )
  const initrd = path.join(opts.dir, 'initramfs.cpio')
  try {
    writeFileSync(initrd, built.data)
  } catch (err) {
    throw new InitramfsError(`Cannot write the initramfs ${initrd}: ${(err as Error).message}`)
  }
  const buildMs = Math.round(performance.now() - started)
  log.push(`initramfs: ${(built.data.length / 1024).toFixed(0)} KiB built in ${buildMs} ms (busybox ${built.busybox})`)
  if (built.notes.length > 0) log.push(`initramfs: decompressed ${built.notes.join(', ')}`)
  return { decision, initrd, sizeBytes: built.data.length, buildMs, log, kernelModules }
}

/** A rootfs path that would leave the root is this stage's refusal, like any other. */
function insideRoot<T>(step: () => T): T {
  try {
    return step()
  } catch (err) {
    if (err instanceof RootPathError) throw new InitramfsError(err.message)
    throw err
  }
}
