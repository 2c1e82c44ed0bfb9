// One engine run in a process of its own, so its peak RSS is the engine's and nothing else's:
// `node --import tsx bench/worker.ts '<json>'` prints one JSON line with the run's timings
// and process.resourceUsage().maxRSS. Output goes where the CLI sends it: the plain terminal
// reporter (to /dev/null here) and the per-target log files.
import { createWriteStream } from 'node:fs'
import { createTerminalReporter } from '../src/report/terminal.js'
import { benchTarget, runOurs } from './ours.js'

export interface WorkerArgs {
  kernel: string
  command: string
  numCpus: number
  memory: string
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs
const out = createWriteStream('/dev/null')
const reporter = createTerminalReporter({ out, tty: false, color: false, configMode: false })
const run = await runOurs(
  [benchTarget(args.kernel, args.command, 0, { numCpus: args.numCpus, memory: args.memory })],
  1,
  (e) => reporter.onEvent(e),
)
await reporter.close?.()
await new Promise<void>((r) => out.end(r))
const usage = process.resourceUsage()
process.stdout.write(
  JSON.stringify({ run, maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }) + '\n',
)
