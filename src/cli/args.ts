// `vmtest [OPTIONS] [COMMAND]...`: upstream's flags (reference §2) plus ours.
//
// Options come first; the first positional word (or everything after `--`) starts the command,
// which is kept verbatim. So `vmtest -k bzImage echo -n hi` runs `echo -n hi` (upstream's clap
// would reject `-n`), and `go test -exec "vmtest -k bzImage --"` works as upstream.
import { parseArgs } from 'node:util'
import {
  ACCEL_MODES,
  ARCHES,
  INITRAMFS_MODES,
  NETWORKS,
  SHARED_FSES,
  TEST_OUTPUTS,
  TEST_OUTPUT_SOURCES,
  WORKSPACE_MOUNTS,
  type AccelMode,
  type Arch,
  type InitramfsMode,
  type Network,
  type SharedFs,
  type TestOutput,
  type TestOutputSource,
  type WorkspaceMount,
} from '../plan/types.js'
import { parseChoice, parseJobs, parsePositiveSeconds } from '../config/lists.js'
import { parseByteSize, plainText, ValueError } from '../config/values.js'
import { closestKey } from '../config/unknown-keys.js'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The parsed command line. Run options are undefined when not given (the defaults live in
 *  config/options.ts, shared with the action). */
export interface CliArgs {
  help: boolean
  version: boolean
  /** `-c`; undefined = `./vmtest.toml` (kept apart so conflicts with `-k` can be seen). */
  config?: string
  /** `-f`; undefined = `.*`. */
  filter?: string
  kernel?: string
  kargs?: string
  /** undefined = `/`. */
  rootfs?: string
  kernelModules?: string
  arch?: Arch
  qemuCommand?: string
  kvmCpuArgs?: string
  network?: Network
  sharedFs?: SharedFs
  /** Trailing COMMAND words, verbatim. */
  command: string[]
  plan: boolean
  json?: string
  accel?: AccelMode
  bootTimeout?: number
  timeout?: number
  initramfs?: InitramfsMode
  jobs?: number | 'auto'
  writeImage: boolean
  failOnSplat: boolean
  testOutput?: TestOutput
  testOutputSource?: TestOutputSource
  /** `--fail-on-test-failure=BOOL` / `--no-fail-on-test-failure`; undefined = not given. */
  failOnTestFailure?: boolean
  logsDir?: string
  workspaceMount?: WorkspaceMount
  maxLogSize?: number
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; placeholder?: string }

const OPTIONS = {
  config: { type: 'string', short: 'c', placeholder: 'CONFIG' },
  filter: { type: 'string', short: 'f', placeholder: 'FILTER' },
  kernel: { type: 'string', short: 'k', placeholder: 'KERNEL' },
  kargs: { type: 'string', placeholder: 'KARGS' },
  'kvm-cpu-args': { type: 'string', placeholder: 'KVM_CPU_ARGS' },
  rootfs: { type: 'string', short: 'r', placeholder: 'ROOTFS' },
  'kernel-modules': { type: 'string', placeholder: 'DIR' },
  arch: { type: 'string', short: 'a', placeholder: 'ARCH' },
  'qemu-command': { type: 'string', short: 'q', placeholder: 'QEMU_COMMAND' },
  network: { type: 'string', placeholder: 'NETWORK' },
  'shared-fs': { type: 'string', placeholder: 'FS' },
  accel: { type: 'string', placeholder: 'ACCEL' },
  plan: { type: 'boolean' },
  'boot-timeout': { type: 'string', placeholder: 'SECS' },
  timeout: { type: 'string', placeholder: 'SECS' },
  initramfs: { type: 'string', placeholder: 'MODE' },
  jobs: { type: 'string', short: 'j', placeholder: 'N' },
  json: { type: 'string', placeholder: 'FILE' },
  'write-image': { type: 'boolean' },
  'fail-on-splat': { type: 'boolean' },
  'test-output': { type: 'string', placeholder: 'FORMAT' },
  'test-output-source': { type: 'string', placeholder: 'SOURCE' },
  'fail-on-test-failure': { type: 'string', placeholder: 'BOOL' },
  'no-fail-on-test-failure': { type: 'boolean' },
  'logs-dir': { type: 'string', placeholder: 'DIR' },
  'workspace-mount': { type: 'string', placeholder: 'MODE' },
  'max-log-size': { type: 'string', placeholder: 'SIZE' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies Record<string, OptionSpec>

type OptionName = keyof typeof OPTIONS
type StringOption = { [K in OptionName]: (typeof OPTIONS)[K]['type'] extends 'string' ? K : never }[OptionName]
type Values = Partial<Record<OptionName, string | boolean>>
const SPECS: Record<string, OptionSpec> = OPTIONS

/** Flags that only shape the one-liner target; upstream rejects them next to `--config`. */
const ONE_LINER_FLAGS: OptionName[] = [
  'kargs',
  'kvm-cpu-args',
  'rootfs',
  'kernel-modules',
  'arch',
  'qemu-command',
  'network',
  'shared-fs',
]

function shortToLong(ch: string): OptionName | undefined {
  return (Object.keys(OPTIONS) as OptionName[]).find((k) => SPECS[k].short === ch)
}

function describeFlag(name: OptionName): string {
  const spec = SPECS[name]
  return spec.placeholder ? `'--${name} <${spec.placeholder}>'` : `'--${name}'`
}

/** Split argv into option tokens and the verbatim command. */
function splitArgv(argv: readonly string[]): { options: string[]; command: string[] } {
  const options: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]
    if (tok === '--') return { options, command: argv.slice(i + 1) }
    if (!tok.startsWith('-') || tok === '-') return { options, command: argv.slice(i) }
    options.push(tok)
    if (tok.startsWith('--')) {
      const name = tok.slice(2).split('=')[0]
      if (!(name in OPTIONS))
        throw new UsageError(`unexpected argument ${plainFlag(`--${name}`)} found${suggestFlag(name)}`)
      if (!tok.includes('=') && SPECS[name].type === 'string' && i + 1 < argv.length) options.push(argv[++i])
      continue
    }
    // A group of short flags: `-hV`, `-kbzImage`, `-hk bzImage`.
    for (let j = 1; j < tok.length; j++) {
      const long = shortToLong(tok[j])
      if (long === undefined) throw new UsageError(`unexpected argument ${plainFlag(`-${tok[j]}`)} found`)
      if (SPECS[long].type === 'string') {
        if (j === tok.length - 1 && i + 1 < argv.length) options.push(argv[++i])
        break
      }
    }
  }
  return { options, command: [] }
}

/** ` (did you mean '--kernel'?)` for a likely typo of a known flag, as the config's unknown
 *  keys get; '' when nothing is close. */
function suggestFlag(name: string): string {
  const close = closestKey(name, Object.keys(OPTIONS))
  return close === undefined ? '' : ` (did you mean '--${close}'?)`
}

/** An unknown flag quoted for the error, its control characters made visible. */
function plainFlag(flag: string): string {
  return JSON.stringify(flag).slice(1, -1).replace(/^|$/g, "'")
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { options, command } = splitArgv(argv)
  let values: Values
  try {
    values = parseArgs({ args: options, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
  const bool = (k: OptionName): boolean => values[k] === true
  const args: CliArgs = {
    help: bool('help'),
    version: bool('version'),
    command,
    plan: bool('plan'),
    writeImage: bool('write-image'),
    failOnSplat: bool('fail-on-splat'),
  }
  // --help / --version win over everything else, like clap.
  if (args.help || args.version) return args
  try {
    readValues(args, values)
  } catch (e) {
    if (e instanceof ValueError) throw new UsageError(e.message)
    throw e
  }
  checkConflicts(args, values)
  return args
}

/** The string flags, each through the rule the action's input of the same meaning uses. */
function readValues(args: CliArgs, values: Values): void {
  const v = <T>(k: StringOption, parse: (s: string, what: string) => T, multiline = false): T | undefined => {
    const s = values[k]
    if (typeof s !== 'string') return undefined
    const what = `'--${k}'`
    return parse(plainText(s, what, multiline), what)
  }
  const text = (s: string): string => s
  const choice =
    <T extends string>(allowed: readonly T[]) =>
    (s: string, what: string): T =>
      parseChoice(s, allowed, what)
  args.config = v('config', text)
  args.filter = v('filter', text)
  args.kernel = v('kernel', text)
  args.kargs = v('kargs', text, true)
  args.kvmCpuArgs = v('kvm-cpu-args', text)
  args.rootfs = v('rootfs', text)
  args.kernelModules = v('kernel-modules', text)
  args.arch = v('arch', choice(ARCHES))
  args.qemuCommand = v('qemu-command', text)
  args.network = v('network', choice(NETWORKS))
  args.sharedFs = v('shared-fs', choice(SHARED_FSES))
  args.accel = v('accel', choice(ACCEL_MODES))
  args.bootTimeout = v('boot-timeout', parsePositiveSeconds)
  args.timeout = v('timeout', parsePositiveSeconds)
  args.initramfs = v('initramfs', choice(INITRAMFS_MODES))
  args.jobs = v('jobs', parseJobs)
  args.json = v('json', text)
  args.testOutput = v('test-output', choice(TEST_OUTPUTS))
  args.testOutputSource = v('test-output-source', choice(TEST_OUTPUT_SOURCES))
  args.failOnTestFailure = v('fail-on-test-failure', (s, what) => parseChoice(s, ['true', 'false'], what) === 'true')
  if (values['no-fail-on-test-failure'] === true) {
    if (args.failOnTestFailure === true)
      throw new UsageError(
        `the argument '--no-fail-on-test-failure' cannot be used with '--fail-on-test-failure <BOOL>'`,
      )
    args.failOnTestFailure = false
  }
  args.logsDir = v('logs-dir', text)
  args.workspaceMount = v('workspace-mount', choice(WORKSPACE_MOUNTS))
  args.maxLogSize = v('max-log-size', parseByteSize)
  // Keep the object to what was given (as the action's inputs are).
  for (const k of Object.keys(args) as (keyof CliArgs)[]) if (args[k] === undefined) delete args[k]
}

function checkConflicts(args: CliArgs, values: Values): void {
  const given = ONE_LINER_FLAGS.filter((k) => values[k] !== undefined)
  if (args.config !== undefined) {
    // clap's wording, so scripts that grep upstream's message keep working.
    const other = args.kernel !== undefined ? 'kernel' : given[0]
    if (other !== undefined) {
      throw new UsageError(`the argument ${describeFlag('config')} cannot be used with ${describeFlag(other)}`)
    }
    if (args.command.length > 0) {
      throw new UsageError(`the argument ${describeFlag('config')} cannot be used with '[COMMAND]...'`)
    }
    return
  }
  if (args.kernel !== undefined) return
  // Upstream silently ignores these without --kernel; a config run would then not do what the
  // command line says.
  if (given.length > 0) {
    throw new UsageError(
      `${given.map((k) => `'--${k}'`).join(', ')} only appl${given.length > 1 ? 'y' : 'ies'} with '--kernel' (in config mode set it per target in vmtest.toml)`,
    )
  }
  if (args.command.length > 0) {
    throw new UsageError(
      `a COMMAND ('${args.command.join(' ')}') needs '--kernel'; in config mode each target's command comes from vmtest.toml`,
    )
  }
}
