// The one seam through which setup runs host commands (apt, dpkg-deb, udevadm, qemu
// --version…). Everything in src/setup takes an `Exec` so tests can inject a recorder and
// assert exactly which commands ran (e.g. "a warm tool-cache run runs no apt command").
import * as actionsExec from '@actions/exec'

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface ExecOpts {
  cwd?: string
  /** Full environment for the child (default: this process's environment). */
  env?: Record<string, string>
  /** Written to the child's stdin. */
  input?: string
  /** Each line of stdout as it arrives (progress of apt; the result still has all of it). */
  onStdoutLine?: (line: string) => void
}

/** Runs `command args…` and resolves with its exit status and output; never rejects on a
 *  non-zero exit. A command that cannot be found resolves with exit code 127 (like a shell). */
export type Exec = (command: string, args: string[], opts?: ExecOpts) => Promise<ExecResult>

export type LogLevel = 'info' | 'notice' | 'warning'
/** Setup never prints: it hands lines to the caller, which maps levels to core.info /
 *  core.notice / core.warning (action) or stderr (CLI). A plain `(line) => void` fits. */
export type Log = (line: string, level?: LogLevel) => void

export const realExec: Exec = async (command, args, opts = {}) => {
  try {
    return await actionsExec.getExecOutput(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      input: opts.input === undefined ? undefined : Buffer.from(opts.input),
      silent: true,
      ignoreReturnCode: true,
      listeners: opts.onStdoutLine ? { stdline: opts.onStdoutLine } : undefined,
    })
  } catch (err) {
    // @actions/exec throws (instead of returning) when the program is not in PATH.
    const message = err instanceof Error ? err.message : String(err)
    if (/Unable to locate executable file/.test(message)) {
      return { exitCode: 127, stdout: '', stderr: `${command}: command not found` }
    }
    throw err
  }
}

/** `cmd arg…` for messages, quoting arguments that need it. */
export function formatCommand(command: string, args: string[]): string {
  const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)
  return [command, ...args].map(quote).join(' ')
}

/** Last non-empty lines of a command's stderr (or stdout), for error messages. */
export function outputTail(result: ExecResult, lines = 8): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n')
  return text.slice(-lines).join('\n')
}
