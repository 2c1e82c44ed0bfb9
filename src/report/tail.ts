// Keeps the last lines of each target's command output, for the reporters that work from
// TargetResults after the run (job summary, annotations). Keyed by target identity: two
// targets with one name keep their own lines.
import type { TargetResult } from '../plan/events.js'
import { LineTail } from '../analysis/tail.js'
import { targetKey, type Reporter, type TargetKey } from './reporter.js'

/** Per target: a summary shows at most 50 lines of 1000 characters each. */
const TAIL_CHARS = 256 * 1024

/** The last command-output lines of each target, by targetKey(). */
export type CommandTails = ReadonlyMap<TargetKey, string[]>

/** The tail of `r`'s command output in `tails`, if any was kept. */
export function tailOf(tails: CommandTails | undefined, r: TargetResult): string[] | undefined {
  return tails?.get(targetKey(r))
}

export function createTailCollector(lines = 50): Reporter & { commandTails(): CommandTails } {
  const command = new Map<TargetKey, LineTail>()
  return {
    onEvent(e) {
      if (e.type !== 'output') return
      const key = targetKey(e.target)
      let t = command.get(key)
      if (!t) {
        t = new LineTail(lines, TAIL_CHARS)
        command.set(key, t)
      }
      t.push(e.line)
    },
    commandTails: () => new Map([...command].map(([k, t]) => [k, t.toArray()])),
  }
}
