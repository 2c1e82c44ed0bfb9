// Keeps the last lines of each target's command output and console, for the reporters that
// work from TargetResults after the run (job summary, annotations).
import type { Reporter } from './reporter.js'
import { Tail } from '../analysis/text.js'

export interface TailCollector extends Reporter {
  /** Last command-output lines per target name (the `tailLines` of renderSummary). */
  commandTails(): Map<string, string[]>
  /** Last console lines per target name. */
  consoleTails(): Map<string, string[]>
}

export function createTailCollector(lines = 50): TailCollector {
  const command = new Map<string, Tail<string>>()
  const consoleLines = new Map<string, Tail<string>>()
  const get = (m: Map<string, Tail<string>>, name: string): Tail<string> => {
    let t = m.get(name)
    if (!t) {
      t = new Tail<string>(lines)
      m.set(name, t)
    }
    return t
  }
  const snapshot = (m: Map<string, Tail<string>>): Map<string, string[]> =>
    new Map([...m].map(([k, t]) => [k, t.toArray()]))
  return {
    onEvent(e) {
      if (e.type === 'output') get(command, e.target.name).push(e.line)
      else if (e.type === 'console') get(consoleLines, e.target.name).push(e.line)
    },
    commandTails: () => snapshot(command),
    consoleTails: () => snapshot(consoleLines),
  }
}
