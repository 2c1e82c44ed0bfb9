// Guest scripts live as real files in templates/ (readable, shellcheck-able) and are rendered
// here by pure functions. The only substitution is in init.sh; the command and mount
// wrappers take their data as positional arguments, so no user text is ever spliced into
// shell source.
import { readFileSync } from 'node:fs'

// One literal URL per file: the bundler sees each one and copies it beside the bundle
// (dist/<entry>/), and from src/guest/ the same path reaches the repository's templates/.
const TEMPLATES = {
  'init.sh': new URL('../../templates/init.sh', import.meta.url),
  'command.sh': new URL('../../templates/command.sh', import.meta.url),
  'mount.sh': new URL('../../templates/mount.sh', import.meta.url),
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
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** A program to run in the guest, with extra environment (e.g. a tool-cache qemu-ga). */
export interface GuestProgram {
  path: string
  env?: Record<string, string>
}

/** The init script (PID 1 of kernel targets). `hostPath` is the host's PATH, which upstream
 *  propagates so the guest finds the same tools when it shares the host root. `agent` is the
 *  guest agent to start when it is not `qemu-ga` on that PATH. */
export function renderInit(hostPath: string | undefined, agent?: GuestProgram): string {
  const envWords = Object.entries(agent?.env ?? {}).map(([k, v]) => shellQuote(`${k}=${v}`))
  const agentWords = agent ? [...(envWords.length ? ['env', ...envWords] : []), shellQuote(agent.path)] : ['qemu-ga']
  return readTemplate('init.sh')
    .replace('@PATH@', () => shellQuote(hostPath || DEFAULT_GUEST_PATH))
    .replace('agent=(@AGENT@)', () => `agent=(${agentWords.join(' ')})`)
}

export interface CommandInvocation {
  path: string
  args: string[]
}

/** The agent invocation that runs the user's command. `cwd` '' means stay where the agent is. */
export function commandInvocation(command: string, cwd: string, marker: string): CommandInvocation {
  return { path: 'bash', args: ['-c', readTemplate('command.sh'), 'vmtest', cwd, marker, command] }
}

export interface GuestMount {
  tag: string
  path: string
  readonly: boolean
}

/** The agent invocation that mounts every 9p share and prints `uname -r` first. */
export function mountInvocation(mounts: GuestMount[]): CommandInvocation {
  const args = ['-c', readTemplate('mount.sh'), 'vmtest']
  for (const m of mounts) args.push(m.tag, m.path, m.readonly ? '1' : '0')
  return { path: 'bash', args }
}
