// `vmtest [OPTIONS] [COMMAND]...`: upstream's flags (reference §2) plus ours.
//
// Options come first; the first positional word (or everything after `--`) starts the command,
// which is kept verbatim. So `vmtest -k bzImage echo -n hi` runs `echo -n hi` (upstream's clap
// would reject `-n`), and `go test -exec "vmtest -k bzImage --"` works as upstream.
import { parseArgs } from 'node:util'
import { ARCHES, type AccelMode, type Arch, type InitramfsMode, type RunOptions } from '../plan/types.js'
import { parseChoice, parseJobs, parsePositiveSeconds, ValueError } from '../config/lists.js'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

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
  arch?: Arch
  qemuCommand?: string
  kvmCpuArgs?: string
  /** Trailing COMMAND words, verbatim. */
  command: string[]
  accel: AccelMode
  plan: boolean
  bootTimeout?: number
  timeout?: number
  initramfs: InitramfsMode
  jobs: RunOptions['jobs']
  json?: string
  writeImage: boolean
  failOnSplat: boolean
  testOutput: RunOptions['testOutput']
  logsDir?: string
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; placeholder?: string }

const OPTIONS = {
  config: { type: 'string', short: 'c', placeholder: 'CONFIG' },
  filter: { type: 'string', short: 'f', placeholder: 'FILTER' },
  kernel: { type: 'string', short: 'k', placeholder: 'KERNEL' },
  kargs: { type: 'string', placeholder: 'KARGS' },
  'kvm-cpu-args': { type: 'string', placeholder: 'KVM_CPU_ARGS' },
  rootfs: { type: 'string', short: 'r', placeholder: 'ROOTFS' },
  arch: { type: 'string', short: 'a', placeholder: 'ARCH' },
  'qemu-command': { type: 'string', short: 'q', placeholder: 'QEMU_COMMAND' },
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
  'logs-dir': { type: 'string', placeholder: 'DIR' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies Record<string, OptionSpec>

type OptionName = keyof typeof OPTIONS
const SPECS: Record<string, OptionSpec> = OPTIONS

/** Flags that only shape the one-liner target; upstream rejects them next to `--config`. */
const ONE_LINER_FLAGS: OptionName[] = ['kargs', 'kvm-cpu-args', 'rootfs', 'arch', 'qemu-command']

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
      if (!(name in OPTIONS)) throw new UsageError(`unexpected argument '--${name}' found`)
      if (!tok.includes('=') && SPECS[name].type === 'string' && i + 1 < argv.length) options.push(argv[++i])
      continue
    }
    // A group of short flags: `-hV`, `-kbzImage`, `-hk bzImage`.
    for (let j = 1; j < tok.length; j++) {
      const long = shortToLong(tok[j])
      if (long === undefined) throw new UsageError(`unexpected argument '-${tok[j]}' found`)
      if (SPECS[long].type === 'string') {
        if (j === tok.length - 1 && i + 1 < argv.length) options.push(argv[++i])
        break
      }
    }
  }
  return { options, command: [] }
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { options, command } = splitArgv(argv)
  let values: Partial<Record<OptionName, string | boolean>>
  try {
    values = parseArgs({ args: options, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
  const str = (k: OptionName): string | undefined => {
    const v = values[k]
    return typeof v === 'string' ? v : undefined
  }
  const bool = (k: OptionName): boolean => values[k] === true

  const args: CliArgs = {
    help: bool('help'),
    version: bool('version'),
    command,
    accel: 'auto',
    plan: bool('plan'),
    initramfs: 'auto',
    jobs: 'auto',
    writeImage: bool('write-image'),
    failOnSplat: bool('fail-on-splat'),
    testOutput: 'auto',
  }
  // --help / --version win over everything else, like clap.
  if (args.help || args.version) return args

  try {
    const v = (k: OptionName, set: (s: string) => void): void => {
      const s = str(k)
      if (s !== undefined) set(s)
    }
    const flag = (k: OptionName): string => `'--${k}'`
    v('config', (s) => (args.config = s))
    v('filter', (s) => (args.filter = s))
    v('kernel', (s) => (args.kernel = s))
    v('kargs', (s) => (args.kargs = s))
    v('kvm-cpu-args', (s) => (args.kvmCpuArgs = s))
    v('rootfs', (s) => (args.rootfs = s))
    v('arch', (s) => (args.arch = parseChoice(s, ARCHES, flag('arch'))))
    v('qemu-command', (s) => (args.qemuCommand = s))
    v('accel', (s) => (args.accel = parseChoice(s, ['auto', 'kvm', 'tcg'] as const, flag('accel'))))
    v('boot-timeout', (s) => (args.bootTimeout = parsePositiveSeconds(s, flag('boot-timeout'))))
    v('timeout', (s) => (args.timeout = parsePositiveSeconds(s, flag('timeout'))))
    v('initramfs', (s) => (args.initramfs = parseChoice(s, ['auto', 'on', 'off'] as const, flag('initramfs'))))
    v('jobs', (s) => (args.jobs = parseJobs(s, flag('jobs'))))
    v('json', (s) => (args.json = s))
    v('test-output', (s) => (args.testOutput = parseChoice(s, ['none', 'tap', 'auto'] as const, flag('test-output'))))
    v('logs-dir', (s) => (args.logsDir = s))
  } catch (e) {
    if (e instanceof ValueError) throw new UsageError(e.message)
    throw e
  }
  checkConflicts(args, values)
  return args
}

function checkConflicts(args: CliArgs, values: Partial<Record<OptionName, string | boolean>>): void {
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
    throw new UsageError(`${given.map((k) => `'--${k}'`).join(', ')} only appl${given.length > 1 ? 'y' : 'ies'} with '--kernel' (in config mode set it per target in vmtest.toml)`)
  }
  if (args.command.length > 0) {
    throw new UsageError(`a COMMAND ('${args.command.join(' ')}') needs '--kernel'; in config mode each target's command comes from vmtest.toml`)
  }
}

export const HELP_TEXT = `Run commands inside QEMU virtual machines: one-liner kernel mode or every target of a vmtest.toml

Usage: vmtest [OPTIONS] [COMMAND]...

Arguments:
  [COMMAND]...  Command to run in kernel mode (words joined by spaces). \`-\` to get an
                interactive shell. Everything after the first word, or after \`--\`, is
                passed verbatim

Options:
  -c, --config <CONFIG>          Path to config file [default: ./vmtest.toml]
  -f, --filter <FILTER>          Run only targets whose name matches this regex (unanchored
                                 search; ignored with --kernel) [default: .*]
  -k, --kernel <KERNEL>          Kernel to run (one-liner mode; the target is named after the
                                 kernel file)
      --kargs <KARGS>            Additional kernel command line arguments
      --kvm-cpu-args <ARGS>      -cpu value when KVM is used [default: host]
  -r, --rootfs <ROOTFS>          Location of rootfs [default: /]
  -a, --arch <ARCH>              Arch to run: ${ARCHES.join(', ')} [default: this host's]
  -q, --qemu-command <QEMU>      QEMU binary, full path or looked up in PATH
                                 [default: qemu-system-<ARCH>]
      --accel <auto|kvm|tcg>     Acceleration; auto uses KVM when it works, else TCG
                                 [default: auto]
      --plan                     Resolve and validate everything, boot nothing, print the
                                 plan (targets and QEMU command lines) as JSON
      --boot-timeout <SECS>      Give up on a guest that has not booted after SECS
                                 [default: 80 with KVM, 120 without]
      --timeout <SECS>           Stop a command still running after SECS [default: none]
      --initramfs <auto|on|off>  Boot kernel targets through a generated initramfs that loads
                                 virtio/9p modules (stock distro kernels) [default: auto]
  -j, --jobs <N|auto>            How many targets run at once; auto fits them to the host's
                                 cores and free memory [default: auto]
      --json <FILE>              Also write the results as JSON to FILE
      --write-image              Boot image targets writing to the image file itself
                                 (upstream behaviour) instead of a throwaway overlay
      --fail-on-splat            A kernel splat (panic, Oops, BUG, KASAN, ...) in the console
                                 fails the target
      --test-output <none|tap|auto>
                                 Parse the command output as TAP/KTAP [default: auto]
      --logs-dir <DIR>           Write per-target console and command logs under DIR
  -h, --help                     Print help
  -V, --version                  Print version

Environment variables:
  VMTEST_NO_UI         Set to disable UI  [default: unset]
  VMTEST_ENV_WITHHOLD  Extra variable names (comma/space separated) never passed to the guest
  VMTEST_ENV_PASS      Variable names passed to the guest even though withheld by default
`
