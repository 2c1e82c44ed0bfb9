// Guest scripts live as real files in templates/ (readable, shellcheck-able) and are rendered
// here by pure functions. The only substitutions are in init.sh, each value shell-quoted; the
// command and mount wrappers take their data as positional arguments, so no user text is
// ever spliced into shell source.
import { readFileSync } from 'node:fs'
import type { GuestShare } from '../plan/types.js'

// One literal URL per file: the bundler sees each one and copies it beside the bundle
// (dist/<entry>/), and from src/guest/ the same path reaches the repository's templates/.
const TEMPLATES = {
  'init.sh': new URL('../../templates/init.sh', import.meta.url),
  'command.sh': new URL('../../templates/command.sh', import.meta.url),
  'mount.sh': new URL('../../templates/mount.sh', import.meta.url),
  'system.fstab': new URL('../../templates/system.fstab', import.meta.url),
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
}

/** init's `shell` array: empty, or the directory and, when known, rows and columns. */
function shellWords(shell: InitOptions['interactiveShell']): string[] {
  if (!shell) return []
  const size = shell.rows && shell.columns ? [String(Math.trunc(shell.rows)), String(Math.trunc(shell.columns))] : []
  return [shellQuote(shell.dir), ...size]
}

/** The files the init runs beside itself (name -> text): the mount script and the system
 *  mounts it makes with `mount -a -T`. */
export function initCompanions(): Record<string, string> {
  return { 'mount.sh': readTemplate('mount.sh'), 'system.fstab': readTemplate('system.fstab') }
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
  const args = ['-c', readTemplate('mount.sh'), 'vmtest']
  for (const m of mounts) args.push(m.tag, m.path, m.readonly ? '1' : '0')
  return { path: 'bash', args }
}
