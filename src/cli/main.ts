// The `vmtest` CLI: argv → plan → engine → terminal reporter → upstream's exit codes.
import { writeFileSync } from 'node:fs'
import { parseCliArgs, UsageError } from './args.js'
import { HELP_TEXT, VERSION_TEXT } from './help.js'
import { planFromCli } from './plan.js'
import { ConfigError } from '../config/errors.js'
import { checkPaths } from '../config/paths.js'
import { planJson } from '../engine/plan-json.js'
import { plannedAccel } from '../engine/accel-plan.js'
import { runPlan } from '../engine/run.js'
import { installSignalHandlers } from '../util/cleanup.js'
import { createTerminalReporter } from '../report/terminal.js'
import { exitStatus, resultsJson } from '../report/results.js'
import { interactiveProblem, isInteractive } from '../plan/interactive.js'
import type { Terminal } from '../vm/terminal-link.js'
import { cleanLine, splitLines } from '../analysis/text.js'
import { neutralize } from '../report/workflow-commands.js'

interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  cwd: string
  /** Keys for the interactive shell (`-`); without it `-` is refused. */
  stdin?: Terminal['input']
}

const defaultIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
})

/**
 * Our messages echo flag values, file names and config text. In a CI log a line that starts
 * with `::` is a workflow command, so each line goes out as guest text does: control
 * characters dropped, a leading `::` or `##[` broken; indentation kept.
 */
function printable(text: string): string {
  return splitLines(text)
    .map((line) => {
      const clean = cleanLine(line)
      return /^[ \t]*/.exec(clean)![0] + neutralize(clean)
    })
    .join('\n')
}

/**
 * Live view or plain lines, colours or not. Upstream's rule: any VMTEST_NO_UI value, or no
 * terminal, means plain lines. NO_COLOR (no-color.org: set and not empty) only drops
 * colours. The interactive shell owns the screen: plain lines around it, and its console
 * (which reaches the terminal byte for byte) not a second time as lines.
 */
export function outputMode(io: Pick<CliIo, 'stdout' | 'env'>, interactive: boolean): { tty: boolean; color: boolean } {
  const tty = !interactive && Boolean(io.stdout.isTTY) && io.env.VMTEST_NO_UI === undefined
  return { tty, color: tty && !io.env.NO_COLOR }
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const err = (text: string): void => void io.stderr.write(printable(text) + '\n')
  let args
  try {
    args = parseCliArgs(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}\n\nFor more information, try '--help'.`)
      return 1
    }
    throw e
  }
  if (args.help) {
    io.stdout.write(HELP_TEXT)
    return 0
  }
  if (args.version) {
    io.stdout.write(VERSION_TEXT)
    return 0
  }

  let plan
  try {
    plan = planFromCli(args, io.cwd, io.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message)
      return 1
    }
    throw e
  }
  // `-`: the guest's console on this terminal. Refused before anything boots where it cannot
  // work (an image target, no stdin), rather than running `bash -c -` in the guest.
  for (const t of plan.targets) {
    const problem = interactiveProblem(t, io.stdin !== undefined)
    if (problem) {
      err(`error: ${problem}`)
      return 1
    }
  }
  const interactive = plan.targets.some(isInteractive)
  for (const w of plan.warnings) err(`warning: ${w.file ? `${w.file}${w.line ? `:${w.line}` : ''}: ` : ''}${w.message}`)

  if (args.plan) {
    // --plan validates everything a boot would need, including that the files exist.
    try {
      checkPaths(plan.targets)
    } catch (e) {
      if (e instanceof ConfigError) {
        err(e.message)
        return 1
      }
      throw e
    }
    io.stdout.write(JSON.stringify(planJson(plan, { accelFor: await plannedAccel(plan) }), null, 2) + '\n')
    return 0
  }

  // The closing recap and tally go to stderr: stdout stays upstream's lines (report/recap.ts).
  const terminalReporter = createTerminalReporter({
    out: io.stdout,
    err: io.stderr,
    ...outputMode(io, interactive),
    configMode: !args.kernel,
  })
  const reporter: typeof terminalReporter = interactive
    ? {
        onEvent: (e) => (e.type === 'console' && isInteractive(e.target) ? undefined : terminalReporter.onEvent(e)),
        close: () => terminalReporter.close?.(),
      }
    : terminalReporter
  const abort = new AbortController()
  const uninstall = installSignalHandlers((signal) => abort.abort(signal))
  try {
    const terminal = interactive && io.stdin ? { input: io.stdin, output: io.stdout } : undefined
    const results = await runPlan({ plan, sink: (e) => reporter.onEvent(e), signal: abort.signal, terminal })
    await reporter.close?.()
    if (args.json) writeFileSync(args.json, JSON.stringify(resultsJson(results), null, 2) + '\n')
    if (abort.signal.aborted) return abort.signal.reason === 'SIGINT' ? 130 : 143
    return exitStatus(results, args.kernel ? 'single' : 'config')
  } finally {
    uninstall()
  }
}
