// Action inputs → one typed object, read once and validated by one zod schema built from the
// table below (the table is also the list of inputs action.yml must declare). Input names are
// snake_case and match vmtest's fields and danobi/vmtest-action's inputs, so migrating from
// that action is a one-line `uses:` change. The leaf rules are the ones the CLI uses
// (config/lists.ts, config/values.ts); every message names the input and what it allows.
import { existsSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { z } from 'zod'
import {
  ACCEL_MODES,
  ARCHES,
  INITRAMFS_MODES,
  INSTALL_MODES,
  NETWORKS,
  SHARED_FSES,
  TEST_OUTPUTS,
  TEST_OUTPUT_SOURCES,
  WORKSPACE_MOUNTS,
  type Diagnostic,
  type Plan,
  type RemoteSource,
} from '../plan/types.js'
import { ConfigError } from '../config/errors.js'
import { compileFilter, filterTargets, noMatchMessage } from '../config/filter.js'
import { loadConfig } from '../config/load.js'
import { buildRunOptions } from '../config/options.js'
import { assertUpstreamRules, resolveTarget, targetSpec, type TargetSpec } from '../config/spec.js'
import {
  parseChoice,
  parseEnvNames,
  parseIntInRange,
  parseJobs,
  parsePositiveSeconds,
  splitShellWords,
} from '../config/lists.js'
import { parseByteSize, parseHttpUrl, parseSha256, plainText, showValue, ValueError } from '../config/values.js'
import type { MountSpec } from '../config/spec.js'

type Parse<T> = (value: string, what: string) => T

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** YAML 1.2 core-schema booleans, like core.getBooleanInput. */
const parseBool: Parse<boolean> = (value, what) => TRUE.includes(parseChoice(value, [...TRUE, ...FALSE], what))
const text: Parse<string> = (value) => value
const choice =
  <T extends string>(allowed: readonly T[]): Parse<T> =>
  (value, what) =>
    parseChoice(value, allowed, what)

/**
 * `mounts`: one `guest_path:host_path[:rw|:ro]` per line (read-only unless `:rw`); blank
 * lines and `#` comments are skipped. The host path is relative to the workspace.
 */
export function parseMounts(value: string, what = "input 'mounts'"): MountSpec[] {
  const out: MountSpec[] = []
  value.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const mode = /:(rw|ro)$/.exec(line)
    const body = mode ? line.slice(0, -3) : line
    const sep = body.indexOf(':')
    const guestPath = sep < 0 ? '' : body.slice(0, sep)
    const hostPath = sep < 0 ? '' : body.slice(sep + 1)
    if (!guestPath.startsWith('/') || hostPath === '') {
      throw new ValueError(
        `invalid mount ${showValue(line)} on line ${i + 1} of ${what}: expected guest_path:host_path[:rw] with an absolute guest path, e.g. /mnt/data:./data:rw`,
      )
    }
    if (out.some((m) => m.guestPath === guestPath)) {
      throw new ValueError(`guest path ${showValue(guestPath)} is mounted twice in ${what} (line ${i + 1})`)
    }
    out.push({ guestPath, hostPath, writable: mode?.[1] === 'rw' })
  })
  return out
}

/**
 * One input: the raw string ('' = not given → undefined) checked for control characters
 * (newlines and tabs only where `multiline`), then parsed; a bad value is a zod issue whose
 * message is complete.
 */
function optional<T>(parse: Parse<T>, multiline = false) {
  return (what: string) =>
    z.string().transform((raw, ctx): T | undefined => {
      if (raw === '') return undefined
      try {
        return parse(plainText(raw, what, multiline), what)
      } catch (e) {
        if (!(e instanceof ValueError)) throw e
        ctx.addIssue({ code: 'custom', message: e.message, input: raw })
        return z.NEVER
      }
    })
}

/** An input with a default (action.yml shows the same default). */
function withDefault<T>(parse: Parse<T>, dflt: T, multiline = false) {
  return (what: string) => optional(parse, multiline)(what).transform((v): T => v ?? dflt)
}

// Every input of action.yml, in its order. Target inputs (name … kvm_cpu_args) describe the
// single target and conflict with `config`; the rest shape the run.
const FIELDS = {
  config: optional(text),
  filter: optional(text),
  name: optional(text),
  kernel: optional(text),
  kernel_url: optional(parseHttpUrl),
  kernel_sha256: optional(parseSha256),
  image: optional(text),
  image_url: optional(parseHttpUrl),
  image_sha256: optional(parseSha256),
  uefi: optional(parseBool),
  kernel_args: optional(text, true),
  rootfs: optional(text),
  kernel_modules: optional(text),
  arch: optional(choice(ARCHES)),
  qemu_command: optional(text),
  command: optional(text, true),
  cpus: optional((v, w) => parseIntInRange(v, 1, 255, w)),
  memory: optional(text),
  extra_args: optional(splitShellWords, true),
  mounts: optional(parseMounts, true),
  kvm_cpu_args: optional(text),
  network: optional(choice(NETWORKS)),
  shared_fs: optional(choice(SHARED_FSES)),
  accel: withDefault(choice(ACCEL_MODES), 'auto'),
  boot_timeout: optional(parsePositiveSeconds),
  timeout: optional(parsePositiveSeconds),
  initramfs: withDefault(choice(INITRAMFS_MODES), 'auto'),
  write_image: withDefault(parseBool, false),
  plan_only: withDefault(parseBool, false),
  install: withDefault(choice(INSTALL_MODES), 'auto'),
  cache: withDefault(parseBool, true),
  fail_on_splat: withDefault(parseBool, false),
  test_output: withDefault(choice(TEST_OUTPUTS), 'auto'),
  // No default here: unset, each target's vmtest.toml key (or the built-in default) decides.
  test_output_source: optional(choice(TEST_OUTPUT_SOURCES)),
  fail_on_test_failure: optional(parseBool),
  continue_on_failure: withDefault(parseBool, false),
  jobs: withDefault(parseJobs, 'auto'),
  env_withhold: withDefault(parseEnvNames, [], true),
  env_pass: withDefault(parseEnvNames, [], true),
  logs_dir: optional(text),
  workspace_mount: withDefault(choice(WORKSPACE_MOUNTS), 'rw'),
  max_log_size: optional(parseByteSize),
}
type Fields = typeof FIELDS
type InputName = keyof Fields

const INPUT_NAMES = Object.keys(FIELDS) as InputName[]
const InputsSchema = z.object(
  Object.fromEntries(INPUT_NAMES.map((name) => [name, FIELDS[name](`input '${name}'`)])) as {
    [K in InputName]: ReturnType<Fields[K]>
  },
)

/** Every input, typed; target inputs are undefined when not given. */
export type ActionInputs = z.output<typeof InputsSchema>

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
  'kernel_modules',
  'arch',
  'qemu_command',
  'command',
  'cpus',
  'memory',
  'extra_args',
  'mounts',
  'kvm_cpu_args',
  'network',
  'shared_fs',
] as const satisfies readonly InputName[]
type TargetInput = (typeof TARGET_INPUTS)[number]

/**
 * Read every input once. A ConfigError lists every bad input at once, one line each, naming
 * the input and what it allows. `notice` receives what was read differently from how it was
 * written (a URL in `kernel`).
 */
export function loadInputs(
  read: (name: string) => string = (name) => core.getInput(name),
  notice: (message: string) => void = (message) => core.notice(message),
): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]))
  const parsed = InputsSchema.safeParse(raw)
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('\n'))
  // Drop undefined keys so JSON dumps and `toEqual` show only what was given.
  const inputs = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ActionInputs
  urlsToUrlInputs(inputs, notice)
  return inputs
}

const URL_INPUTS = [
  ['kernel', 'kernel_url', 'kernel_sha256'],
  ['image', 'image_url', 'image_sha256'],
] as const

/**
 * danobi/vmtest-action documents `kernel` and `image` as "Path or URL": an http(s) URL there
 * becomes `kernel_url` / `image_url` (downloaded, cached, checked against the digest input),
 * so migrating really is a one-line `uses:` change. Not a workspace path named `https:`.
 */
function urlsToUrlInputs(inputs: ActionInputs, notice: (message: string) => void): void {
  for (const [pathInput, urlInput, digestInput] of URL_INPUTS) {
    const value = inputs[pathInput]
    if (value === undefined || !/^https?:\/\//i.test(value)) continue
    if (inputs[urlInput] !== undefined)
      throw new ConfigError(`Cannot specify both ${pathInput} and ${urlInput} (input '${pathInput}' is a URL too)`)
    try {
      inputs[urlInput] = parseHttpUrl(value, `input '${pathInput}'`)
    } catch (e) {
      if (e instanceof ValueError) throw new ConfigError(e.message)
      throw e
    }
    delete inputs[pathInput]
    notice(
      `input '${pathInput}' is a URL: it is downloaded as '${urlInput}' would be${inputs[digestInput] === undefined ? ` (add '${digestInput}' to check what arrives)` : ''}`,
    )
  }
}

/** danobi/vmtest-action's default target name. */
const DEFAULT_TARGET_NAME = 'vmtest-action target'
const DEFAULT_CONFIG_FILE = 'vmtest.toml'

const quoteList = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ')

// A function boundary on purpose: ncc's asset relocator treats `path.join(<cwd-like>,
// 'literal')` as a file to copy into dist/ and would bundle whatever vmtest.toml it finds.
function inDir(dir: string, name: string): string {
  return path.resolve(dir, name)
}

/**
 * Inputs → Plan. With `config` (or, when neither `config` nor `command` is given, a
 * `vmtest.toml` in the workspace), targets come from that file; otherwise the inputs describe
 * one target. Paths resolve against the workspace (the config's directory in config mode).
 */
export function planFromInputs(inputs: ActionInputs, workspace: string): Plan {
  const ws = path.resolve(workspace)
  const options = buildRunOptions(
    {
      accel: inputs.accel,
      bootTimeout: inputs.boot_timeout,
      commandTimeout: inputs.timeout,
      initramfs: inputs.initramfs,
      writeImage: inputs.write_image,
      envWithhold: inputs.env_withhold,
      envPass: inputs.env_pass,
      jobs: inputs.jobs,
      failOnSplat: inputs.fail_on_splat,
      testOutput: inputs.test_output,
      testOutputSource: inputs.test_output_source,
      failOnTestFailure: inputs.fail_on_test_failure,
      logsDir: inputs.logs_dir,
      workspaceMount: inputs.workspace_mount,
      maxLogBytes: inputs.max_log_size,
    },
    ws,
  )
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
    const filter = compileFilter(inputs.filter ?? '.*', "input 'filter'")
    const loaded = loadConfig(inDir(ws, config), { displayPath: config })
    warnings.push(...loaded.warnings)
    const targets = filterTargets(loaded.targets, filter)
    // Unlike the CLI (upstream exits 0), a step that tests nothing fails: with a matrix fanned
    // out by target name, a renamed target would otherwise silently stop being tested.
    if (targets.length === 0 && inputs.filter !== undefined) {
      throw new ConfigError(noMatchMessage("input 'filter'", inputs.filter, loaded.targets, config), {
        file: loaded.file,
        warnings: loaded.warnings,
      })
    }
    return { targets, options, warnings }
  }

  if (inputs.filter !== undefined)
    warnings.push({ message: `input 'filter' is ignored without 'config' (the inputs describe one target)` })
  const spec = specFromInputs(inputs)
  const origin = { index: 0 }
  assertUpstreamRules(spec, origin)
  return { targets: [resolveTarget(spec, ws, origin)], options, warnings }
}

function specFromInputs(inputs: ActionInputs): TargetSpec {
  // danobi/vmtest-action's own checks, with its wording.
  if (inputs.kernel !== undefined && inputs.kernel_url !== undefined)
    throw new ConfigError('Cannot specify both kernel and kernel_url')
  if (inputs.image !== undefined && inputs.image_url !== undefined)
    throw new ConfigError('Cannot specify both image and image_url')
  if (inputs.kernel_sha256 !== undefined && inputs.kernel_url === undefined)
    throw new ConfigError(`input 'kernel_sha256' needs 'kernel_url'`)
  if (inputs.image_sha256 !== undefined && inputs.image_url === undefined)
    throw new ConfigError(`input 'image_sha256' needs 'image_url'`)

  // The target inputs carry vmtest.toml's names (`cpus` is `vm.num_cpus`); the test inputs are
  // run-wide here, so only TARGET_INPUTS are fields.
  const given = Object.fromEntries(TARGET_INPUTS.map((k) => [k, inputs[k]])) as Pick<ActionInputs, TargetInput>
  const spec = targetSpec(inputs.name ?? DEFAULT_TARGET_NAME, inputs.command ?? '', { ...given, num_cpus: inputs.cpus })

  const source: RemoteSource = {}
  if (inputs.kernel_url !== undefined) source.kernelUrl = inputs.kernel_url
  if (inputs.kernel_sha256 !== undefined) source.kernelSha256 = inputs.kernel_sha256
  if (inputs.image_url !== undefined) source.imageUrl = inputs.image_url
  if (inputs.image_sha256 !== undefined) source.imageSha256 = inputs.image_sha256
  if (Object.keys(source).length > 0) spec.source = source
  return spec
}
