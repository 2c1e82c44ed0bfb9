// A target as the user wrote it (vmtest.toml, one-liner flags or action inputs), before
// defaults that depend on the host and before path resolution. All three front ends build a
// TargetSpec, check it with upstream's rules and resolve it the same way, so a rule or a default
// lives in one place.
import path from 'node:path'
import {
  ARCHES,
  type Arch,
  type Mount,
  type Network,
  type Origin,
  type SharedFs,
  type Target,
  type TestOutputSource,
} from '../plan/types.js'
import { defaultQemuCommand, hostArch } from './arch.js'
import { ConfigError, formatLocation } from './errors.js'

export const DEFAULT_NUM_CPUS = 2
export const DEFAULT_MEMORY = '4G'
export const DEFAULT_ROOTFS = '/'
const DEFAULT_KVM_CPU_ARGS = 'host'

/** A mount as written: the host path may still be relative. */
export type MountSpec = Mount

/** A Target before resolution adds `kind`, `sharedDir` and `origin`, with the host-dependent
 *  defaults (`arch`, `qemuCommand`, `kvmCpuArgs`) still optional and every path as written. */
type HostDefaulted = 'arch' | 'qemuCommand' | 'kvmCpuArgs'
export type TargetSpec = Omit<Target, 'kind' | 'sharedDir' | 'origin' | HostDefaulted> &
  Partial<Pick<Target, HostDefaulted>>

/**
 * A target's fields as a front end hands them over, under vmtest.toml's names with the `vm.*`
 * keys lifted to the top (the action's target inputs carry the same names; the CLI maps its
 * flags). Absent or undefined: not given, so the default applies.
 */
export interface TargetFields {
  kernel?: string
  image?: string
  uefi?: boolean
  kernel_args?: string
  rootfs?: string
  kernel_modules?: string
  fail_on_test_failure?: boolean
  test_output_source?: TestOutputSource
  arch?: Arch
  qemu_command?: string
  kvm_cpu_args?: string
  num_cpus?: number
  memory?: string
  mounts?: readonly MountSpec[]
  bios?: string
  extra_args?: readonly string[]
  network?: Network
  shared_fs?: SharedFs
}

/** The one mapping of given fields onto a TargetSpec; what is not given keeps its default. */
export function targetSpec(name: string, command: string, f: TargetFields): TargetSpec {
  const spec: TargetSpec = {
    name,
    uefi: f.uefi ?? false,
    rootfs: f.rootfs ?? DEFAULT_ROOTFS,
    command,
    vm: {
      numCpus: f.num_cpus ?? DEFAULT_NUM_CPUS,
      memory: f.memory ?? DEFAULT_MEMORY,
      mounts: (f.mounts ?? []).map((m) => ({ ...m })),
      extraArgs: [...(f.extra_args ?? [])],
    },
  }
  if (f.kernel !== undefined) spec.kernel = f.kernel
  if (f.image !== undefined) spec.image = f.image
  if (f.kernel_args !== undefined) spec.kernelArgs = f.kernel_args
  if (f.kernel_modules !== undefined) spec.kernelModules = f.kernel_modules
  if (f.fail_on_test_failure !== undefined) spec.failOnTestFailure = f.fail_on_test_failure
  if (f.test_output_source !== undefined) spec.testOutputSource = f.test_output_source
  if (f.arch !== undefined) spec.arch = f.arch
  if (f.qemu_command !== undefined) spec.qemuCommand = f.qemu_command
  if (f.kvm_cpu_args !== undefined) spec.kvmCpuArgs = f.kvm_cpu_args
  if (f.bios !== undefined) spec.vm.bios = f.bios
  if (f.network !== undefined) spec.vm.network = f.network
  if (f.shared_fs !== undefined) spec.vm.sharedFs = f.shared_fs
  return spec
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
  if (spec.kernelModules !== undefined && !hasKernel)
    return `Target '${name}' must specify 'kernel' with 'kernel_modules'`
  if (spec.kernelModules === '') return `Target '${name}' has empty kernel_modules path`
  if (spec.command === '') return `Target '${name}' has empty command`
  return undefined
}

/** Throws upstream's `Invalid config` error for the first broken rule; the message names the
 *  file as `displayFile` (as the user wrote it), the error's `file` stays `origin.file`. */
export function assertUpstreamRules(
  spec: TargetSpec,
  origin: Origin,
  displayFile: string | undefined = origin.file,
): void {
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
