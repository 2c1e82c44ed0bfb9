// A target as the user wrote it (vmtest.toml, one-liner flags or action inputs), before
// defaults that depend on the host and before path resolution. All three front ends build a
// TargetSpec, check it with upstream's rules and resolve it the same way, so a rule or a default
// lives in one place.
import path from 'node:path'
import { ARCHES, type Arch, type Network, type Origin, type SharedFs, type RemoteSource, type Target, type TestOutputSource } from '../plan/types.js'
import { defaultQemuCommand, hostArch } from './arch.js'
import { ConfigError, formatLocation } from './errors.js'

export const DEFAULT_NUM_CPUS = 2
export const DEFAULT_MEMORY = '4G'
export const DEFAULT_ROOTFS = '/'
const DEFAULT_KVM_CPU_ARGS = 'host'

export interface MountSpec {
  guestPath: string
  hostPath: string
  writable: boolean
}

export interface TargetSpec {
  name: string
  kernel?: string
  image?: string
  uefi: boolean
  kernelArgs?: string
  rootfs: string
  kernelModules?: string
  failOnTestFailure?: boolean
  testOutputSource?: TestOutputSource
  arch?: Arch
  qemuCommand?: string
  command: string
  kvmCpuArgs?: string
  vm: {
    numCpus: number
    memory: string
    mounts: MountSpec[]
    bios?: string
    extraArgs: string[]
    network?: Network
    sharedFs?: SharedFs
  }
  source?: RemoteSource
}

/**
 * Upstream's per-target checks, in upstream's order, with upstream's exact wording; the first
 * failure wins. `index` is the target's position in its file. Remote sources (action
 * `kernel_url` / `image_url`) count as the kernel / image they will become.
 */
function upstreamRuleViolation(spec: TargetSpec, index: number): string | undefined {
  const name = spec.name
  const hasKernel = spec.kernel !== undefined || spec.source?.kernelUrl !== undefined
  const hasImage = spec.image !== undefined || spec.source?.imageUrl !== undefined
  if (name === '') return `Target index=${index} name empty`
  if (!hasImage && !hasKernel) return `Target '${name}' must specify 'image' or 'kernel'`
  if (hasImage && hasKernel) return `Target '${name}' specified both 'image' and 'kernel'`
  if (spec.uefi && !hasImage) return `Target '${name}' must specify 'image' with 'uefi'`
  if (!spec.uefi && spec.vm.bios !== undefined) {
    return `Target '${name}' cannot specify a bios without setting 'uefi'`
  }
  if (spec.kernelArgs !== undefined && !hasKernel) {
    return `Target '${name}' must specify 'kernel' with 'kernel_args'`
  }
  if (spec.image === '') return `Target '${name}' has empty image path`
  if (spec.kernel === '') return `Target '${name}' has empty kernel path`
  // Not upstream's (it has no kernel_modules), in its style.
  if (spec.kernelModules !== undefined && !hasKernel) return `Target '${name}' must specify 'kernel' with 'kernel_modules'`
  if (spec.kernelModules === '') return `Target '${name}' has empty kernel_modules path`
  if (spec.command === '') return `Target '${name}' has empty command`
  return undefined
}

/** Throws upstream's `Invalid config` error for the first broken rule; the message names the
 *  file as `displayFile` (as the user wrote it), the error's `file` stays `origin.file`. */
export function assertUpstreamRules(spec: TargetSpec, origin: Origin, displayFile: string | undefined = origin.file): void {
  const violation = upstreamRuleViolation(spec, origin.index)
  if (violation === undefined) return
  const loc = formatLocation(displayFile, origin.line)
  throw new ConfigError(`Invalid config: ${loc}${violation}`, {
    file: origin.file,
    line: origin.line,
    reason: `Invalid config: ${violation}`,
  })
}

/**
 * Apply host-dependent defaults and resolve every path against `baseDir` (the config's
 * directory, or the working directory / workspace for one-liners and action inputs).
 * `baseDir` must be absolute.
 */
export function resolveTarget(
  spec: TargetSpec,
  baseDir: string,
  origin: Origin,
  /** The host's arch; null on a host vmtest cannot target (then every target needs `arch`). */
  host: Arch | null = hostArch() ?? null,
): Target {
  const arch = spec.arch ?? host
  if (arch === null) {
    const reason = `target '${spec.name}': no 'arch' given and this host (${process.arch}) is not one of ${ARCHES.join(', ')}`
    throw new ConfigError(`${formatLocation(origin.file, origin.line)}${reason}`, {
      file: origin.file,
      line: origin.line,
      reason,
    })
  }
  const abs = (p: string): string => path.resolve(baseDir, p)
  const target: Target = {
    name: spec.name,
    kind: spec.kernel !== undefined || spec.source?.kernelUrl !== undefined ? 'kernel' : 'image',
    arch,
    uefi: spec.uefi,
    rootfs: abs(spec.rootfs),
    qemuCommand: spec.qemuCommand ?? defaultQemuCommand(arch),
    command: spec.command,
    kvmCpuArgs: spec.kvmCpuArgs ?? DEFAULT_KVM_CPU_ARGS,
    vm: {
      numCpus: spec.vm.numCpus,
      memory: spec.vm.memory,
      mounts: spec.vm.mounts.map((m) => ({ guestPath: m.guestPath, hostPath: abs(m.hostPath), writable: m.writable })),
      extraArgs: [...spec.vm.extraArgs],
    },
    sharedDir: baseDir,
    origin,
  }
  if (spec.kernel !== undefined) target.kernel = abs(spec.kernel)
  if (spec.image !== undefined) target.image = abs(spec.image)
  if (spec.kernelArgs !== undefined) target.kernelArgs = spec.kernelArgs
  if (spec.kernelModules !== undefined) target.kernelModules = abs(spec.kernelModules)
  if (spec.failOnTestFailure !== undefined) target.failOnTestFailure = spec.failOnTestFailure
  if (spec.testOutputSource !== undefined) target.testOutputSource = spec.testOutputSource
  if (spec.vm.bios !== undefined) target.vm.bios = abs(spec.vm.bios)
  if (spec.vm.network !== undefined && spec.vm.network !== 'none') target.vm.network = spec.vm.network
  if (spec.vm.sharedFs === 'virtiofs') target.vm.sharedFs = spec.vm.sharedFs
  if (spec.source !== undefined) target.source = { ...spec.source }
  return target
}

/** A TargetSpec with every optional field at its default. */
export function defaultSpec(name: string, command: string): TargetSpec {
  return {
    name,
    uefi: false,
    rootfs: DEFAULT_ROOTFS,
    command,
    vm: { numCpus: DEFAULT_NUM_CPUS, memory: DEFAULT_MEMORY, mounts: [], extraArgs: [] },
  }
}
