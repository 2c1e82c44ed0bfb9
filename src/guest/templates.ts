// Guest scripts live as real files in templates/ (readable, shellcheck-able) and are rendered
// here by pure functions. The only substitutions are in init.sh, each value shell-quoted; the
// command and mount wrappers take their data as positional arguments, so no user text is
// ever spliced into shell source.
import { readFileSync } from 'node:fs'
import type { GuestShare } from '../plan/types.js'
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

/** A program to run in the guest, with extra environment (e.g. a tool-cache qemu-ga). */
interface GuestProgram {
  path: string
  env?: Record<string, string>
}

/** The PATH of a kernel target's init: the host's PATH when the guest shares the host root
 *  (upstream propagates it so the guest finds the same tools), plus the sbin directories. */
export function initPath(hostPath: string | undefined): string {
  return `${hostPath || DEFAULT_GUEST_PATH}:/usr/local/sbin:/usr/sbin:/sbin`
}

interface InitOptions {
  /** The init's PATH (initPath()). */
  path: string
  /** The guest agent to start when it is not `qemu-ga` on PATH (e.g. a tool-cache copy). */
  agent?: GuestProgram
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
}

/** Whether the host asked for debug output: VMTEST_DEBUG (CLI and action), or the runner's
 *  step debug logging (RUNNER_DEBUG=1). */
export function guestDebug(env: NodeJS.ProcessEnv): boolean {
  const own = env.VMTEST_DEBUG
  return (own !== undefined && own !== '' && own !== '0') || env.RUNNER_DEBUG === '1'
}

/** The init script (PID 1 of kernel targets). It expects initCompanions() beside it. */
export function renderInit(opts: InitOptions): string {
  const envWords = Object.entries(opts.agent?.env ?? {}).map(([k, v]) => shellQuote(`${k}=${v}`))
  const agentWords = opts.agent ? [...(envWords.length ? ['env', ...envWords] : []), shellQuote(opts.agent.path)] : ['qemu-ga']
  const shareWords = opts.shares.flatMap((m) => [shellQuote(m.tag), shellQuote(m.path), m.readonly ? '1' : '0'])
  return readTemplate('init.sh')
    .replace('export PATH=@PATH@', () => `export PATH=${shellQuote(opts.path)}`)
    .replace('bb=(@BUSYBOX@)', () => `bb=(${opts.busybox ? shellQuote(opts.busybox) : ''})`)
    .replace('shares=(@SHARES@)', () => `shares=(${shareWords.join(' ')})`)
    .replace('agent=(@AGENT@)', () => `agent=(${agentWords.join(' ')})`)
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

/** templates/mount.sh with the 9p mount options filled in. */
function renderMountScript(): string {
  return readTemplate('mount.sh').replace('vmtest_opts=@NINEP_OPTIONS@', () => `vmtest_opts=${NINEP_MOUNT_OPTIONS}`)
}

/** The files the init runs beside itself (name -> text): the mount script, the system
 *  mounts it makes with `mount -a -T`, and the network setup it sources when asked. */
export function initCompanions(): Record<string, string> {
  return { 'mount.sh': renderMountScript(), 'system.fstab': readTemplate('system.fstab'), 'network.sh': readTemplate('network.sh') }
}

interface CommandInvocation {
  path: string
  args: string[]
}

/** The agent invocation that runs the user's command. `cwd` '' means stay where the agent is. */
export function commandInvocation(command: string, cwd: string, marker: string): CommandInvocation {
  return { path: 'bash', args: ['-c', readTemplate('command.sh'), 'bash', cwd, marker, command] }
}

/** The agent invocation that mounts every 9p share of an image target and prints `uname -r`
 *  first (a kernel target's init mounts them itself). */
export function mountInvocation(mounts: GuestShare[]): CommandInvocation {
  const args = ['-c', renderMountScript(), 'vmtest']
  for (const m of mounts) args.push(m.tag, m.path, m.readonly ? '1' : '0')
  return { path: 'bash', args }
}
