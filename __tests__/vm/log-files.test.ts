// Issue 12 items 5 and 9 with real guests under TCG. A logs_dir inside the workspace is
// writable by the guest through /mnt/vmtest: a guest (with a dedicated rootfs, so the share
// is all it can reach of the host) plants symlinks where the next run writes its logs,
// pointing at a host file outside; the next run must leave that file alone. And a guest
// printing more than max_log_size fills the logs only up to the cap, while the event stream
// still carries every line.
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import type { Plan } from '../../src/plan/types.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { cutNote } from '../../src/vm/target-logs.js'

const repo = resolve(import.meta.dirname, '../..')
usePrivateTmp()

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

function cliPlan(argv: string[], cwd: string): Plan {
  return planFromCli(parseCliArgs(['--accel', 'tcg', '--timeout', '120', ...argv]), cwd, process.env)
}

async function run(plan: Plan): Promise<{ result: TargetResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = []
  const results = await runPlan({ plan, sink: (e) => void events.push(e) })
  return { result: results[0], events }
}

/** The image fixture's small root (busybox, bash, qemu-ga) unpacked into `dir`. */
function unpackRoot(dir: string): string {
  const rootDir = execFileSync('bash', ['-c', '. .ci/fixtures/lib.sh && fx_image_root'], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', 'gzip -dc "$1" | cpio -idm --quiet', 'sh', join(rootDir, 'initrd.img')], { cwd: dir })
  return dir
}

const warningsOf = (events: EngineEvent[]): string[] => events.flatMap((e) => (e.type === 'warning' ? [e.message] : []))

describe('per-target log files and what the guest planted', () => {
  it('symlinks planted through /mnt/vmtest into the logs folder are replaced; the host files they name stay untouched', async () => {
    const t = tempDir()
    try {
      const ws = join(t.dir, 'ws')
      const outside = join(t.dir, 'outside')
      mkdirSync(ws)
      mkdirSync(outside)
      const precious = join(outside, 'precious')
      writeFileSync(precious, 'host file\n')
      const rootfs = unpackRoot(join(t.dir, 'rootfs'))
      const logsDir = join(ws, 'logs')
      const argv = (command: string): string[] => ['--logs-dir', logsDir, '-r', rootfs, '-k', kernel, '--', command]

      // Run 1: the guest sees its own logs folder in the share and plants links there.
      const first = cliPlan(argv('true'), ws)
      const slug = '01-' + first.targets[0].name
      const inGuest = join('/mnt/vmtest', relative(ws, logsDir), slug)
      const plant = [
        `ln -sf ${precious} ${inGuest}/console.log`,
        `ln -sf ${join(outside, 'created')} ${inGuest}/command.log`,
        `ls -l ${inGuest}`,
      ].join(' && ')
      const r1 = await run(cliPlan(argv(plant), ws))
      expect(r1.result.result, r1.result.error).toBe('pass')
      expect(lstatSync(join(logsDir, slug, 'console.log')).isSymbolicLink()).toBe(true)
      expect(lstatSync(join(logsDir, slug, 'command.log')).isSymbolicLink()).toBe(true)

      // Run 2: logs go to fresh files in their folder, not through the links.
      const r2 = await run(cliPlan(argv('echo second run'), ws))
      expect(r2.result.result, r2.result.error).toBe('pass')
      expect(readFileSync(precious, 'utf8')).toBe('host file\n')
      expect(readdirSync(outside)).toEqual(['precious'])
      expect(r2.result.logs).toEqual({
        console: join(logsDir, slug, 'console.log'),
        command: join(logsDir, slug, 'command.log'),
      })
      expect(lstatSync(r2.result.logs.console!).isFile()).toBe(true)
      expect(readFileSync(r2.result.logs.console!, 'utf8')).toMatch(/Linux version/)
      expect(readFileSync(r2.result.logs.command!, 'utf8')).toBe('second run\n')
      const warnings = warningsOf(r2.events)
      expect(warnings).toContain(
        `${join(logsDir, slug, 'console.log')} was a symbolic link (to ${precious}), not made by vmtest: replaced the link with a new log file (its target is untouched)`,
      )
      expect(warnings).toContain(
        `${join(logsDir, slug, 'command.log')} was a symbolic link (to ${join(outside, 'created')}), not made by vmtest: replaced the link with a new log file (its target is untouched)`,
      )
    } finally {
      t.remove()
    }
  })

  it('max log size: the logs stop at the cap and say so; the event stream keeps every line', async () => {
    const t = tempDir()
    try {
      const cap = 20_000
      const plan = cliPlan(['--logs-dir', join(t.dir, 'logs'), '-k', kernel, '--', 'seq 1 20000'], t.dir)
      plan.options.maxLogBytes = cap
      const { result, events } = await run(plan)
      expect(result.result, result.error).toBe('pass')
      const output = events.flatMap((e) => (e.type === 'output' ? [e.line] : []))
      expect(output).toHaveLength(20_000)
      expect(output.at(-1)).toBe('20000')
      const all = Buffer.from(output.map((l) => l + '\n').join(''))
      const command = readFileSync(result.logs.command!)
      expect(command.length).toBeLessThan(cap + 200)
      const head = all.subarray(0, cap)
      expect(command.toString('utf8')).toBe(
        `${head.toString('utf8')}${head.at(-1) === 0x0a ? '' : '\n'}${cutNote(cap)}\n`,
      )
      const consoleLog = readFileSync(result.logs.console!, 'utf8')
      expect(Buffer.byteLength(consoleLog)).toBeLessThan(cap + 200)
      if (Buffer.byteLength(consoleLog) > cap) expect(consoleLog.endsWith(`${cutNote(cap)}\n`)).toBe(true)
    } finally {
      t.remove()
    }
  })
})
