// One benchmark target through the engine with every event timestamped (host ms since the
// run started), to see where a boot's time goes: kernel, init (our `vmtest:` console lines),
// agent, setup, command, shutdown. `npm run timeline -- [command]` (default `true`); the
// command's output lines are cut at 100 characters.
import { execFileSync } from 'node:child_process'
import { benchTarget, runOurs } from './ours.js'
import type { EngineEvent } from '../src/plan/events.js'

const kernel = execFileSync('bash', [new URL('../.ci/fixtures/build-kernel.sh', import.meta.url).pathname], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
}).trim()
const command = process.argv[2] ?? 'true'

function describe(e: EngineEvent): string {
  switch (e.type) {
    case 'console':
    case 'output':
    case 'setup':
      return `${e.type.padEnd(11)} ${e.line.slice(0, 100)}`
    case 'stage-start':
      return `stage-start ${e.stage}`
    case 'stage-end':
      return `stage-end   ${e.stage} ${e.ok ? 'ok' : 'failed'} ${e.seconds.toFixed(3)} s`
    default:
      return e.type
  }
}

const t0 = performance.now()
const run = await runOurs([benchTarget(kernel, command)], 1, (e) => {
  process.stdout.write(`${(performance.now() - t0).toFixed(0).padStart(6)} ${describe(e)}\n`)
})
process.stdout.write(`wall ${run.wallMs.toFixed(0)} ms\n`)
