// `vmtest -k <kernel> [COMMAND...]`: one kernel target with default VM settings, named after
// the kernel file (as upstream names it: the last path component), paths relative to the
// working directory, which is also the shared directory.
import path from 'node:path'
import type { Arch, Network, SharedFs, Target } from '../plan/types.js'
import { hostArch } from './arch.js'
import { assertUpstreamRules, defaultSpec, DEFAULT_ROOTFS, resolveTarget } from './spec.js'

interface OneLinerOptions {
  kernel: string
  kargs?: string
  rootfs?: string
  kernelModules?: string
  arch?: Arch
  qemuCommand?: string
  kvmCpuArgs?: string
  network?: Network
  sharedFs?: SharedFs
  /** The trailing COMMAND words; joined with single spaces like upstream. */
  command: string[]
}

/** Upstream takes the kernel path's file name (`dir/bzImage` → `bzImage`). */
function oneLinerName(kernel: string): string {
  return path.basename(kernel)
}

export function oneLinerTarget(opts: OneLinerOptions, cwd: string, host: Arch | null = hostArch() ?? null): Target {
  const spec = defaultSpec(oneLinerName(opts.kernel), opts.command.join(' '))
  spec.kernel = opts.kernel
  spec.rootfs = opts.rootfs ?? DEFAULT_ROOTFS
  if (opts.kargs !== undefined) spec.kernelArgs = opts.kargs
  if (opts.kernelModules !== undefined) spec.kernelModules = opts.kernelModules
  if (opts.arch !== undefined) spec.arch = opts.arch
  if (opts.qemuCommand !== undefined) spec.qemuCommand = opts.qemuCommand
  if (opts.kvmCpuArgs !== undefined) spec.kvmCpuArgs = opts.kvmCpuArgs
  if (opts.network !== undefined) spec.vm.network = opts.network
  if (opts.sharedFs !== undefined) spec.vm.sharedFs = opts.sharedFs
  const origin = { index: 0 }
  assertUpstreamRules(spec, origin)
  return resolveTarget(spec, path.resolve(cwd), origin, host)
}
