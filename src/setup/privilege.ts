// Running a command as root: directly when we are root, through `sudo -n` (never prompting)
// otherwise, and a clear error when neither works.
import { InstallError } from './errors.js'
import { formatCommand, outputTail, type Exec, type ExecOpts, type ExecResult } from './exec.js'

export interface AsRoot {
  /** Runs `command args…` as root; `why` goes into the error when root is unavailable. */
  (command: string, args: string[], why: string, opts?: ExecOpts): Promise<ExecResult>
}

/** `advice` ends the error raised when root is unavailable: what the user can do instead. */
export function asRoot(exec: Exec, isRoot: boolean, advice = 'Run as root or allow passwordless sudo.'): AsRoot {
  return async (command, args, why, opts) => {
    if (isRoot) return exec(command, args, opts)
    if (!(await sudoWorks(exec))) {
      throw new InstallError(
        `${why} needs root, but this process is not root and passwordless sudo is not available ` +
          `(\`sudo -n true\` failed). ${advice}`,
      )
    }
    // sudo resets the environment; pass what apt needs explicitly through env(1).
    const envArgs = Object.entries(opts?.env ?? {})
      .filter(([k]) => k === 'DEBIAN_FRONTEND')
      .map(([k, v]) => `${k}=${v}`)
    const full = envArgs.length > 0 ? ['-n', 'env', ...envArgs, command, ...args] : ['-n', command, ...args]
    return exec('sudo', full, opts)
  }
}

const sudoProbes = new WeakMap<Exec, Promise<boolean>>()

/** Whether `sudo -n true` succeeds (asked once per Exec). */
export function sudoWorks(exec: Exec): Promise<boolean> {
  let p = sudoProbes.get(exec)
  if (!p) {
    p = exec('sudo', ['-n', 'true']).then((r) => r.exitCode === 0)
    sudoProbes.set(exec, p)
  }
  return p
}

/** Throws an InstallError naming the command and the tail of its output. */
export function mustSucceed(result: ExecResult, command: string, args: string[], hint: string): ExecResult {
  if (result.exitCode !== 0) {
    throw new InstallError(
      `\`${formatCommand(command, args)}\` failed (exit ${result.exitCode}): ${outputTail(result)}\n${hint}`,
    )
  }
  return result
}
