// `vmtest --help`, laid out like clap's. The allowed values of every choice come from the
// same lists the parsers use (plan/types.ts), so help cannot offer a value the parser
// refuses or miss one it takes.
import * as choices from '../plan/types.js'
import { formatByteSize } from '../config/values.js'
import { VERSION } from '../version.js'

/** The upstream vmtest release whose vmtest.toml, flags and exit codes this CLI follows. */
export const UPSTREAM_VERSION = '0.18'

/** `vmtest --version`: ours first (scripts read the second word), then what it stands in for. */
export const VERSION_TEXT = `vmtest ${VERSION} (vmtest-action; compatible with vmtest ${UPSTREAM_VERSION})\n`

const one = (values: readonly string[]): string => values.join('|')

// [flags, description]: the description is wrapped by hand; continuation lines are indented
// to the description column.
const OPTION_ROWS: [string, string][] = [
  ['-c, --config <CONFIG>', 'Path to config file [default: ./vmtest.toml]'],
  [
    '-f, --filter <FILTER>',
    'Run only targets whose name matches this regex (unanchored\nsearch; ignored with --kernel) [default: .*]',
  ],
  ['-k, --kernel <KERNEL>', 'Kernel to run (one-liner mode; the target is named after the\nkernel file)'],
  ['    --kargs <KARGS>', 'Additional kernel command line arguments'],
  ['    --kvm-cpu-args <ARGS>', '-cpu value when KVM is used [default: host]'],
  ['-r, --rootfs <ROOTFS>', 'Location of rootfs [default: /]'],
  [
    '    --kernel-modules <DIR>',
    "The kernel's `make modules_install INSTALL_MOD_PATH=DIR`\nfolder: virtio/9p load from it, the guest sees it at\n/lib/modules/<release>",
  ],
  ['-a, --arch <ARCH>', `Arch to run: ${choices.ARCHES.join(', ')}\n[default: this host's]`],
  ['-q, --qemu-command <QEMU>', 'QEMU binary, full path or looked up in PATH\n[default: qemu-system-<ARCH>]'],
  [
    `    --network <${one(choices.NETWORKS)}>`,
    'user: a NIC on QEMU user networking, the host at 10.0.2.2\n[default: none]',
  ],
  [
    `    --shared-fs <${one(choices.SHARED_FSES)}>`,
    'How the root and shares reach the guest; virtiofs runs a\nvirtiofsd per share, faster on file-heavy work\n[default: 9p]',
  ],
  [`    --accel <${one(choices.ACCEL_MODES)}>`, 'Acceleration; auto uses KVM when it works, else TCG\n[default: auto]'],
  [
    '    --plan',
    'Resolve and validate everything, boot nothing, print the\nplan (targets and QEMU command lines) as JSON',
  ],
  [
    '    --boot-timeout <SECS>',
    'Give up on a guest that has not booted after SECS\n[default: 80 with KVM, 120 without]',
  ],
  ['    --timeout <SECS>', 'Stop a command still running after SECS [default: none]'],
  [
    `    --initramfs <${one(choices.INITRAMFS_MODES)}>`,
    'Boot kernel targets through a generated initramfs that loads\nvirtio/9p modules (stock distro kernels) [default: auto]',
  ],
  [
    '-j, --jobs <N|auto>',
    "How many targets run at once; auto fits them to the host's\ncores and free memory [default: auto]",
  ],
  ['    --json <FILE>', 'Also write the results as JSON to FILE'],
  [
    '    --write-image',
    'Boot image targets writing to the image file itself\n(upstream behaviour) instead of a throwaway overlay',
  ],
  ['    --fail-on-splat', 'A kernel splat (panic, Oops, BUG, KASAN, ...) in the console\nfails the target'],
  [
    `    --test-output <${one(choices.TEST_OUTPUTS)}>`,
    'Parse the command output as TAP/KTAP or test_progs\n[default: auto]',
  ],
  [
    `    --test-output-source <${one(choices.TEST_OUTPUT_SOURCES)}>`,
    'Read test results from the command output or the kernel\nconsole (KUnit); auto: the console when it shows KTAP and\nthe output has none [default: auto]',
  ],
  [
    '    --fail-on-test-failure <BOOL>',
    'A target whose parsed tests fail fails, whatever its exit\nstatus; --no-fail-on-test-failure turns it off [default: true]',
  ],
  ['    --no-fail-on-test-failure', 'Same as --fail-on-test-failure=false'],
  ['    --logs-dir <DIR>', 'Write per-target console and command logs under DIR'],
  [
    `    --workspace-mount <${one(choices.WORKSPACE_MOUNTS)}>`,
    'The config folder at /mnt/vmtest in the guest: read-write,\nread-only, or not shared [default: rw]',
  ],
  [
    '    --max-log-size <SIZE>',
    `Cut each per-target log file at SIZE bytes (K, M, G\nsuffixes) [default: ${formatByteSize(choices.DEFAULT_MAX_LOG_BYTES)}]`,
  ],
  ['-h, --help', 'Print help'],
  ['-V, --version', 'Print version'],
]

const COLUMN = 33

function optionLines(): string {
  return OPTION_ROWS.map(([flags, desc]) => {
    const [first, ...rest] = desc.split('\n')
    const head = `  ${flags}`
    // A long flag gets its description on the next line, as clap does.
    const lines =
      head.length + 2 > COLUMN ? [head, `${' '.repeat(COLUMN)}${first}`] : [`${head.padEnd(COLUMN)}${first}`]
    return [...lines, ...rest.map((r) => `${' '.repeat(COLUMN)}${r}`)].join('\n')
  }).join('\n')
}

export const HELP_TEXT = `Run commands inside QEMU virtual machines: one-liner kernel mode or every target of a vmtest.toml

Usage: vmtest [OPTIONS] [COMMAND]...

Arguments:
  [COMMAND]...  Command to run in kernel mode (words joined by spaces). \`-\` to get an
                interactive shell. Everything after the first word, or after \`--\`, is
                passed verbatim

Options:
${optionLines()}

Environment variables:
  VMTEST_NO_UI         Set to disable UI: plain lines, as when output is not a terminal
                       [default: unset]
  NO_COLOR             Set (not empty) to drop colours; the live view stays
  VMTEST_ENV_WITHHOLD  Extra variable names (comma/space separated) never passed to the guest
  VMTEST_ENV_PASS      Variable names passed to the guest even though withheld by default
`
