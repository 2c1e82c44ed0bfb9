// Guest scripts live as real files in templates/ (readable, shellcheck-able) and are rendered
// here by pure functions. The only substitutions are in init.sh, each value shell-quoted; the
// command and mount wrappers take their data as positional arguments, so no user text is
// ever spliced into shell source.
import { readFileSync } from 'node:fs'
import type { GuestShare, SharedFs } from '../plan/types.js'
import { NINEP_MOUNT_OPTIONS } from '../platform/ninep.js'

// One literal URL per file: the bundler sees each one and copies it beside the bundle
// (dist/<entry>/), and from src/guest/ the same path reaches the repository's templates/.
const TEMPLATES = {
  'init.sh': new URL('../../templates/init.sh', import.meta.url),
  'command.sh': new URL('../../templates/command.sh', import.meta.url),
  'mount.sh': new URL('../../templates/mount.sh', import.meta.url),
  'system.fstab': new URL('../../templates/system.fstab', import.meta.url),
  'network.sh': new URL('../../templates/network.sh', import.meta.url),
}
const cache = new Map<string, string>()

export function readTemplate(name: keyof typeof TEMPLATES): string {
  let text = cache.get(name)
  if (text === undefined) {
    text = readFileSync(TEMPLATES[name], 'utf8')
    cache.set(name, text)
  }
  return text
}

const DEFAULT_GUEST_PATH = '/usr/local/bin:/usr/bin:/bin'

/** Quote for bash so the value is one word, verbatim. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The PATH of a kernel target's init: the host's PATH when the guest shares the host root
 *  (upstream propagates it so the guest finds the same tools), plus the sbin directories. */
export function initPath(hostPath: string | undefined): string {
  return `${hostPath || DEFAULT_GUEST_PATH}:/usr/local/sbin:/usr/sbin:/sbin`
}

interface InitOptions {
  /** The init's PATH (initPath()). */
  path: string
  /** Guest path of a busybox the init may use for its mounts (fewer, cheaper execs). */
  busybox?: string
  /** The 9p shares init mounts, in order (guestShares in qemu/argv.ts). */
  shares: GuestShare[]
  /** For the interactive shell (`-`): the directory it starts in and, when known, the size
   *  of the user's terminal (the guest's console cannot learn it). */
  interactiveShell?: { dir: string; rows?: number; columns?: number }
  /** Say on the console which optional mounts were skipped (guestDebug()). */
  debug?: boolean
  /** `vm.network = "user"`: configure the NIC (network.sh). */
  network?: boolean
  /** `vm.shared_fs`: the shares are virtiofs tags (mount.sh --virtiofs). Absent: 9p. */
  sharedFs?: SharedFs
}

/** Whether the host asked for debug output: VMTEST_DEBUG (CLI and action), or the runner's
 *  step debug logging (RUNNER_DEBUG=1). */
export function guestDebug(env: NodeJS.ProcessEnv): boolean {
  const own = env.VMTEST_DEBUG
  return (own !== undefined && own !== '' && own !== '0') || env.RUNNER_DEBUG === '1'
}

/** The init script (PID 1 of kernel targets). It expects initCompanions() and
 *  commandHandover() beside it. */
export function renderInit(opts: InitOptions): string {
  const shareWords = [
    ...fsWords(opts.sharedFs),
    ...opts.shares.flatMap((m) => [shellQuote(m.tag), shellQuote(m.path), m.readonly ? '1' : '0']),
  ]
  return readTemplate('init.sh')
    .replace('export PATH=@PATH@', () => `export PATH=${shellQuote(opts.path)}`)
    .replace('bb=(@BUSYBOX@)', () => `bb=(${opts.busybox ? shellQuote(opts.busybox) : ''})`)
    .replace('shares=(@SHARES@)', () => `shares=(${shareWords.join(' ')})`)
    .replace('shell=(@SHELL@)', () => `shell=(${shellWords(opts.interactiveShell).join(' ')})`)
    .replace('VMTEST_DEBUG=@DEBUG@', () => `VMTEST_DEBUG=${opts.debug ? '1' : ''}`)
    .replace('network=@NETWORK@', () => `network=${opts.network ? '1' : '0'}`)
}

/** init's `shell` array: empty, or the directory and, when known, rows and columns. */
function shellWords(shell: InitOptions['interactiveShell']): string[] {
  if (!shell) return []
  const size = shell.rows && shell.columns ? [String(Math.trunc(shell.rows)), String(Math.trunc(shell.columns))] : []
  return [shellQuote(shell.dir), ...size]
}

/** mount.sh's leading option for the shares' filesystem: none for 9p. */
function fsWords(sharedFs: SharedFs | undefined): string[] {
  return sharedFs === 'virtiofs' ? ['--virtiofs'] : []
}

/** The filesystem types of system.fstab's optional (`nofail`) entries, which mount.sh leaves
 *  out when the kernel lacks them. Read here, on the host, so the guest never parses the
 *  fstab itself (a shell's `read` over 9p costs a round trip per byte). */
export function optionalFilesystems(fstab: string): string[] {
  return fstab
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && !f[0].startsWith('#') && f[3].split(',').includes('nofail'))
    .map((f) => f[2])
}

/** templates/mount.sh with the 9p mount options and the optional filesystems filled in. */
function renderMountScript(): string {
  const optional = optionalFilesystems(readTemplate('system.fstab')).join(' ')
  return readTemplate('mount.sh')
    .replace('vmtest_opts=@NINEP_OPTIONS@', () => `vmtest_opts=${NINEP_MOUNT_OPTIONS}`)
    .replace('vmtest_optional=@OPTIONAL_FS@', () => `vmtest_optional=${shellQuote(optional)}`)
    .replace('@DEV_MAKE@', () => devSkeletonCommands().join('\n        '))
    .replace('@DEV_MISSING@', () => devSkeletonTests().join(' || '))
}

/** DEV_SKELETON as shell commands: each link made when missing, the folders with one mkdir. */
function devSkeletonCommands(): string[] {
  const entries = Object.entries(DEV_SKELETON)
  const links = entries.flatMap(([name, e]) =>
    'link' in e ? [`[ -e /dev/${name} ] || ln -s ${shellQuote(e.link)} /dev/${name}`] : [],
  )
  const dirs = entries.filter(([, e]) => 'dir' in e).map(([name]) => `/dev/${name}`)
  return dirs.length ? [...links, `mkdir -p ${dirs.join(' ')}`] : links
}

/** DEV_SKELETON as shell tests, each true when its entry is missing. */
function devSkeletonTests(): string[] {
  return Object.entries(DEV_SKELETON).map(([name, e]) => `[ ! ${'link' in e ? '-e' : '-d'} /dev/${name} ]`)
}

/** A file beside the init: its text, a symlink's target, or an empty folder. */
export type InitCompanion = string | { link: string } | { dir: true }

/** What a fresh devtmpfs lacks (udev makes it elsewhere): the standard links — process
 *  substitution needs /dev/fd, test runners write to /dev/stdout and /dev/stderr by name —
 *  and the mount points of system.fstab's /dev entries. mount.sh makes them with busybox's
 *  ln and mkdir (forks of its sh, no program to load); without busybox it copies these
 *  host-made ones with one `cp` (each coreutils `ln` or `mkdir` is a program: ~10 ms under
 *  TCG). */
export const DEV_SKELETON: Record<string, Exclude<InitCompanion, string>> = {
  fd: { link: '/proc/self/fd' },
  stdin: { link: '/proc/self/fd/0' },
  stdout: { link: '/proc/self/fd/1' },
  stderr: { link: '/proc/self/fd/2' },
  shm: { dir: true },
  pts: { dir: true },
}

/** The files the init runs beside itself (name -> text, link or folder): the mount script,
 *  the system mounts it makes with `mount -a -T`, what it copies into /dev (DEV_SKELETON,
 *  in `dev/`), and the network setup it sources when asked. */
export function initCompanions(): Record<string, InitCompanion> {
  const dev = Object.entries(DEV_SKELETON).map(([name, entry]) => [`dev/${name}`, entry])
  return {
    'mount.sh': renderMountScript(),
    'system.fstab': readTemplate('system.fstab'),
    'network.sh': readTemplate('network.sh'),
    ...Object.fromEntries(dev),
  }
}

/** What a kernel target's init learns from the host, in the file HANDOVER_FILE beside it
 *  (sourced by bash; every value one shell-quoted word, never spliced into code): the end
 *  marker of the output port, and unless the target is the interactive shell, the command,
 *  the directory it starts in ('' = the init's, /), its environment (`KEY=VALUE`, the whole
 *  of it) and the wrapper (templates/command.sh) that runs it. */
export interface CommandHandover {
  marker: string
  command?: { text: string; cwd: string; env: string[] }
}

/** The handover file's name, beside the init. */
export const HANDOVER_FILE = 'command.vars'

export function renderHandover(h: CommandHandover): string {
  const lines = [`vmtest_marker=${shellQuote(h.marker)}`]
  if (h.command) {
    lines.push(`vmtest_cwd=${shellQuote(h.command.cwd)}`, `vmtest_command=${shellQuote(h.command.text)}`)
    lines.push(
      `vmtest_env=(${h.command.env.map(shellQuote).join(' ')})`,
      `vmtest_wrapper=${shellQuote(readTemplate('command.sh'))}`,
    )
  }
  return lines.join('\n') + '\n'
}

interface CommandInvocation {
  path: string
  args: string[]
}

/** The agent invocation that runs the user's command on an image target (a kernel target's
 *  init runs it itself: renderHandover). `cwd` '' means stay where the agent is. */
export function commandInvocation(command: string, cwd: string, marker: string): CommandInvocation {
  return { path: 'bash', args: ['-c', readTemplate('command.sh'), 'bash', cwd, marker, command] }
}

/** The agent invocation that mounts every 9p share of an image target and prints `uname -r`
 *  first (a kernel target's init mounts them itself). */
export function mountInvocation(mounts: GuestShare[], sharedFs?: SharedFs): CommandInvocation {
  const args = ['-c', renderMountScript(), 'vmtest', ...fsWords(sharedFs)]
  for (const m of mounts) args.push(m.tag, m.path, m.readonly ? '1' : '0')
  return { path: 'bash', args }
}
