// Action inputs → one typed object (read once, validated with messages that list what is
// allowed), then → Plan. Input names are snake_case and match vmtest's fields and
// danobi/vmtest-action's inputs, so migrating from that action is a one-line `uses:` change.
import { existsSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { ARCHES, type AccelMode, type Arch, type Diagnostic, type InitramfsMode, type Plan, type RemoteSource, type RunOptions } from '../plan/types.js'
import { ConfigError } from '../config/errors.js'
import { compileFilter, filterTargets } from '../config/filter.js'
import {
  parseChoice,
  parseEnvNames,
  parseIntInRange,
  parseJobs,
  parsePositiveSeconds,
  splitShellWords,
  ValueError,
} from '../config/lists.js'
import { loadConfig } from '../config/load.js'
import { defaultRunOptions } from '../config/options.js'
import { assertUpstreamRules, defaultSpec, resolveTarget, type MountSpec, type TargetSpec } from '../config/spec.js'

/** danobi/vmtest-action's default target name. */
export const DEFAULT_TARGET_NAME = 'vmtest-action target'
export const DEFAULT_CONFIG_FILE = 'vmtest.toml'

export const INSTALL_MODES = ['auto', 'apt', 'tool-cache', 'none'] as const
export type InstallMode = (typeof INSTALL_MODES)[number]

export interface ActionInputs {
  // Where targets come from. Target inputs are undefined when not given (empty).
  config?: string
  filter?: string
  name?: string
  kernel?: string
  kernel_url?: string
  kernel_sha256?: string
  image?: string
  image_url?: string
  image_sha256?: string
  uefi?: boolean
  kernel_args?: string
  rootfs?: string
  arch?: Arch
  qemu_command?: string
  command?: string
  cpus?: number
  memory?: string
  extra_args?: string[]
  mounts?: MountSpec[]
  kvm_cpu_args?: string
  // How to run.
  accel: AccelMode
  boot_timeout?: number
  timeout?: number
  initramfs: InitramfsMode
  write_image: boolean
  plan_only: boolean
  install: InstallMode
  cache: boolean
  fail_on_splat: boolean
  test_output: RunOptions['testOutput']
  continue_on_failure: boolean
  jobs: RunOptions['jobs']
  env_withhold: string[]
  env_pass: string[]
  logs_dir?: string
}

/** Inputs that describe the single target; with `config` they are an error. */
export const TARGET_INPUTS = [
  'name',
  'kernel',
  'kernel_url',
  'kernel_sha256',
  'image',
  'image_url',
  'image_sha256',
  'uefi',
  'kernel_args',
  'rootfs',
  'arch',
  'qemu_command',
  'command',
  'cpus',
  'memory',
  'extra_args',
  'mounts',
  'kvm_cpu_args',
] as const satisfies readonly (keyof ActionInputs)[]

export type InputReader = (name: string) => string

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** YAML 1.2 core-schema booleans, like core.getBooleanInput, but empty = the default. */
function parseBool(value: string, what: string): boolean {
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new ValueError(`invalid value '${value}' for ${what}: expected one of ${[...TRUE, ...FALSE].join(', ')}`)
}

const SHA256 = /^[0-9a-fA-F]{64}$/

function parseUrl(value: string, what: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ValueError(`invalid value '${value}' for ${what}: expected an http:// or https:// URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValueError(`invalid value '${value}' for ${what}: expected an http:// or https:// URL`)
  }
  return value
}

/**
 * `mounts`: one `guest_path:host_path[:rw|:ro]` per line (read-only unless `:rw`); blank
 * lines and `#` comments are skipped. The host path is relative to the workspace.
 */
export function parseMounts(value: string, what = "input 'mounts'"): MountSpec[] {
  const out: MountSpec[] = []
  value.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    let body = line
    let writable = false
    const mode = /:(rw|ro)$/.exec(body)
    if (mode) {
      writable = mode[1] === 'rw'
      body = body.slice(0, -3)
    }
    const sep = body.indexOf(':')
    const guestPath = sep < 0 ? '' : body.slice(0, sep)
    const hostPath = sep < 0 ? '' : body.slice(sep + 1)
    if (!guestPath.startsWith('/') || hostPath === '') {
      throw new ValueError(
        `invalid mount '${line}' on line ${i + 1} of ${what}: expected guest_path:host_path[:rw] with an absolute guest path, e.g. /mnt/data:./data:rw`,
      )
    }
    if (out.some((m) => m.guestPath === guestPath)) {
      throw new ValueError(`guest path '${guestPath}' is mounted twice in ${what} (line ${i + 1})`)
    }
    out.push({ guestPath, hostPath, writable })
  })
  return out
}

/** Read every input once. Errors are ConfigErrors naming the input and what it allows. */
export function loadInputs(read: InputReader = (name) => core.getInput(name)): ActionInputs {
  try {
    return readInputs(read)
  } catch (e) {
    if (e instanceof ValueError) throw new ConfigError(e.message)
    throw e
  }
}

function readInputs(read: InputReader): ActionInputs {
  const what = (name: string): string => `input '${name}'`
  const opt = <T>(name: string, parse: (v: string, what: string) => T): T | undefined => {
    const v = read(name)
    return v === '' ? undefined : parse(v, what(name))
  }
  const text = (name: string): string | undefined => opt(name, (v) => v)
  const bool = (name: string, dflt: boolean): boolean => opt(name, parseBool) ?? dflt
  const choice = <T extends string>(name: string, allowed: readonly T[], dflt: T): T =>
    opt(name, (v, w) => parseChoice(v, allowed, w)) ?? dflt

  const inputs: ActionInputs = {
    config: text('config'),
    filter: text('filter'),
    name: text('name'),
    kernel: text('kernel'),
    kernel_url: opt('kernel_url', parseUrl),
    kernel_sha256: opt('kernel_sha256', sha256),
    image: text('image'),
    image_url: opt('image_url', parseUrl),
    image_sha256: opt('image_sha256', sha256),
    uefi: opt('uefi', parseBool),
    kernel_args: text('kernel_args'),
    rootfs: text('rootfs'),
    arch: opt('arch', (v, w) => parseChoice(v, ARCHES, w)),
    qemu_command: text('qemu_command'),
    command: text('command'),
    cpus: opt('cpus', (v, w) => parseIntInRange(v, 1, 255, w)),
    memory: text('memory'),
    extra_args: opt('extra_args', (v, w) => splitShellWords(v, w)),
    mounts: opt('mounts', (v, w) => parseMounts(v, w)),
    kvm_cpu_args: text('kvm_cpu_args'),
    accel: choice('accel', ['auto', 'kvm', 'tcg'] as const, 'auto'),
    boot_timeout: opt('boot_timeout', parsePositiveSeconds),
    timeout: opt('timeout', parsePositiveSeconds),
    initramfs: choice('initramfs', ['auto', 'on', 'off'] as const, 'auto'),
    write_image: bool('write_image', false),
    plan_only: bool('plan_only', false),
    install: choice('install', INSTALL_MODES, 'auto'),
    cache: bool('cache', true),
    fail_on_splat: bool('fail_on_splat', false),
    test_output: choice('test_output', ['none', 'tap', 'auto'] as const, 'auto'),
    continue_on_failure: bool('continue_on_failure', false),
    jobs: opt('jobs', parseJobs) ?? 'auto',
    env_withhold: opt('env_withhold', parseEnvNames) ?? [],
    env_pass: opt('env_pass', parseEnvNames) ?? [],
    logs_dir: text('logs_dir'),
  }
  // Drop undefined keys so JSON dumps and `toEqual` show only what was given.
  return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined)) as unknown as ActionInputs
}

function sha256(value: string, what: string): string {
  if (!SHA256.test(value)) throw new ValueError(`invalid value '${value}' for ${what}: expected 64 hex digits (a SHA-256)`)
  return value.toLowerCase()
}

const quoteList = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ')

/**
 * Inputs → Plan. With `config` (or, when neither `config` nor `command` is given, a
 * `vmtest.toml` in the workspace), targets come from that file; otherwise the inputs describe
 * one target. Paths resolve against the workspace (the config's directory in config mode).
 */
// A function boundary on purpose: ncc's asset relocator treats `path.join(<cwd-like>,
// 'literal')` as a file to copy into dist/ and would bundle whatever vmtest.toml it finds.
function inDir(dir: string, name: string): string {
  return path.resolve(dir, name)
}

export function planFromInputs(inputs: ActionInputs, workspace: string): Plan {
  const ws = path.resolve(workspace)
  const options = runOptionsFromInputs(inputs, ws)
  const warnings: Diagnostic[] = []
  const given = TARGET_INPUTS.filter((k) => inputs[k] !== undefined)

  let config = inputs.config
  let why = ''
  if (config === undefined && inputs.command === undefined) {
    if (!existsSync(inDir(ws, DEFAULT_CONFIG_FILE))) {
      throw new ConfigError(
        `No 'command' or 'config' input, and no ${DEFAULT_CONFIG_FILE} in the workspace (${ws}): set 'command' (with 'kernel' or 'image') for one target, or 'config' for a vmtest.toml`,
      )
    }
    config = DEFAULT_CONFIG_FILE
    why = ` (no 'command' input was given, so ${DEFAULT_CONFIG_FILE} from the workspace is used)`
  }

  if (config !== undefined) {
    if (given.length > 0) {
      throw new ConfigError(
        `input${given.length > 1 ? 's' : ''} ${quoteList(given)} cannot be used with 'config': targets come from ${config}${why}`,
      )
    }
    const filter = compileFilter(inputs.filter ?? '.*')
    const loaded = loadConfig(inDir(ws, config), { displayPath: config })
    warnings.push(...loaded.warnings)
    const targets = filterTargets(loaded.targets, filter)
    if (targets.length === 0 && loaded.targets.length > 0) {
      warnings.push({ message: `filter '${inputs.filter}' matches none of the ${loaded.targets.length} target(s) in ${config}`, file: loaded.file })
    }
    return { targets, options, warnings }
  }

  if (inputs.filter !== undefined) warnings.push({ message: `input 'filter' is ignored without 'config' (the inputs describe one target)` })
  const spec = specFromInputs(inputs)
  const origin = { index: 0 }
  assertUpstreamRules(spec, origin)
  return { targets: [resolveTarget(spec, ws, origin)], options, warnings }
}

function specFromInputs(inputs: ActionInputs): TargetSpec {
  // danobi/vmtest-action's own checks, with its wording.
  if (inputs.kernel !== undefined && inputs.kernel_url !== undefined) throw new ConfigError('Cannot specify both kernel and kernel_url')
  if (inputs.image !== undefined && inputs.image_url !== undefined) throw new ConfigError('Cannot specify both image and image_url')
  if (inputs.kernel_sha256 !== undefined && inputs.kernel_url === undefined) throw new ConfigError(`input 'kernel_sha256' needs 'kernel_url'`)
  if (inputs.image_sha256 !== undefined && inputs.image_url === undefined) throw new ConfigError(`input 'image_sha256' needs 'image_url'`)

  const spec = defaultSpec(inputs.name ?? DEFAULT_TARGET_NAME, inputs.command ?? '')
  if (inputs.kernel !== undefined) spec.kernel = inputs.kernel
  if (inputs.image !== undefined) spec.image = inputs.image
  if (inputs.uefi !== undefined) spec.uefi = inputs.uefi
  if (inputs.kernel_args !== undefined) spec.kernelArgs = inputs.kernel_args
  if (inputs.rootfs !== undefined) spec.rootfs = inputs.rootfs
  if (inputs.arch !== undefined) spec.arch = inputs.arch
  if (inputs.qemu_command !== undefined) spec.qemuCommand = inputs.qemu_command
  if (inputs.kvm_cpu_args !== undefined) spec.kvmCpuArgs = inputs.kvm_cpu_args
  if (inputs.cpus !== undefined) spec.vm.numCpus = inputs.cpus
  if (inputs.memory !== undefined) spec.vm.memory = inputs.memory
  if (inputs.mounts !== undefined) spec.vm.mounts = inputs.mounts.map((m) => ({ ...m }))
  if (inputs.extra_args !== undefined) spec.vm.extraArgs = [...inputs.extra_args]

  const source: RemoteSource = {}
  if (inputs.kernel_url !== undefined) source.kernelUrl = inputs.kernel_url
  if (inputs.kernel_sha256 !== undefined) source.kernelSha256 = inputs.kernel_sha256
  if (inputs.image_url !== undefined) source.imageUrl = inputs.image_url
  if (inputs.image_sha256 !== undefined) source.imageSha256 = inputs.image_sha256
  if (Object.keys(source).length > 0) spec.source = source
  return spec
}

function runOptionsFromInputs(inputs: ActionInputs, ws: string): RunOptions {
  const options: RunOptions = {
    ...defaultRunOptions(),
    accel: inputs.accel,
    initramfs: inputs.initramfs,
    writeImage: inputs.write_image,
    envWithhold: [...inputs.env_withhold],
    envPass: [...inputs.env_pass],
    jobs: inputs.jobs,
    failOnSplat: inputs.fail_on_splat,
    testOutput: inputs.test_output,
  }
  if (inputs.boot_timeout !== undefined) options.bootTimeout = inputs.boot_timeout
  if (inputs.timeout !== undefined) options.commandTimeout = inputs.timeout
  if (inputs.logs_dir !== undefined) options.logsDir = path.resolve(ws, inputs.logs_dir)
  return options
}
