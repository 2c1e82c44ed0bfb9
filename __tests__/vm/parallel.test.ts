// Issue 7, parallel targets: three real tiny-kernel targets (one failing) run with jobs=2
// give the same results, exit status and per-target terminal text as with jobs=1; the
// parallel QEMUs share no socket, work dir or log dir (read from their real argv in /proc);
// and the Actions log, fed by the real parallel run, holds each target's groups together.
// The run is wired as the CLI's main() and the action's run() wire it: runPlan → reporters,
// exitStatus for the exit code.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/cli/args.js'
import { planFromCli } from '../../src/cli/plan.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import { runPlan } from '../../src/engine/run.js'
import { createActionsLogReporter } from '../../src/report/actions-log.js'
import { fanOut } from '../../src/report/reporter.js'
import { exitStatus } from '../../src/report/results.js'
import { createTerminalReporter } from '../../src/report/terminal.js'
import { readAsRunner } from '../fixtures/report/runner.js'
import { tempDir, tinyKernel } from './fixtures.js'
import { privateTmp, type OwnTmp } from './own-leftovers.js'

const TARGETS = [
  { name: 'alpha', command: 'for i in 1 2 3; do echo "out:alpha $i"; done' },
  { name: 'bravo fails', command: 'echo "out:bravo 1"; echo "out:bravo 2" >&2; exit 3' },
  { name: 'charlie', command: 'for i in 1 2 3; do echo "out:charlie $i"; done' },
]

interface QemuSeen {
  pid: string
  argv: string[]
  firstSeen: number
  lastSeen: number
}

/** Watches /proc for QEMUs whose command line mentions `dir`, recording each one's argv. */
function watchQemus(dir: string): { stop(): QemuSeen[]; maxAlive(): number } {
  const seen = new Map<string, QemuSeen>()
  let maxAlive = 0
  const poll = (): void => {
    const now = Date.now()
    let alive = 0
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmd: string
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      } catch {
        continue
      }
      if (!cmd.includes('qemu-system') || !cmd.includes(dir)) continue
      alive++
      const s = seen.get(pid) ?? { pid, argv: cmd.split('\0').filter(Boolean), firstSeen: now, lastSeen: now }
      s.lastSeen = now
      seen.set(pid, s)
    }
    maxAlive = Math.max(maxAlive, alive)
  }
  const timer = setInterval(poll, 50)
  return {
    stop() {
      clearInterval(timer)
      return [...seen.values()]
    },
    maxAlive: () => maxAlive,
  }
}

/** Every host path a QEMU was given for its private files: sockets, the init script. */
function privatePaths(argv: string[]): string[] {
  const paths: string[] = []
  for (const a of argv) {
    for (const m of a.matchAll(/(?:unix:|path=)([^,]+\.sock)/g)) paths.push(m[1])
    const init = /(?:^|\s)init=(\S+)/.exec(a)
    if (init) paths.push(init[1])
  }
  return paths
}

interface Run {
  jobs: number
  results: TargetResult[]
  exit: number
  events: EngineEvent[]
  terminal: string
  actionsLog: string
  qemus: QemuSeen[]
  maxAlive: number
}

async function runWith(config: string, cwd: string, jobs: number, logsDir: string, tmp: OwnTmp): Promise<Run> {
  const plan = planFromCli(
    parseCliArgs(['-c', config, '--accel', 'tcg', '--jobs', String(jobs), '--logs-dir', logsDir]),
    cwd,
    process.env,
  )
  let terminal = ''
  let actionsLog = ''
  const events: EngineEvent[] = []
  const reporter = fanOut(
    createTerminalReporter({
      out: { write: (s: string) => ((terminal += s), true) } as unknown as NodeJS.WritableStream,
      tty: false,
      color: false,
      configMode: true,
    }),
    createActionsLogReporter({ write: (s) => (actionsLog += s), progressEveryMs: 0 }),
    { onEvent: (e) => void events.push(e) },
  )
  const watch = watchQemus(tmp.dir)
  const results = await runPlan({ plan, sink: (e) => reporter.onEvent(e) })
  await reporter.close?.()
  const qemus = watch.stop()
  return {
    jobs,
    results,
    exit: exitStatus(results, 'config'),
    events,
    terminal,
    actionsLog,
    qemus,
    maxAlive: watch.maxAlive(),
  }
}

/** The terminal lines that do not depend on timing: headings, command output, verdicts. */
function stableLines(text: string): string[] {
  return text.split('\n').filter((l) => /^(=> |===> |out:|Command failed|PASS$|FAILED$)/.test(l))
}

describe('parallel targets (jobs=2) against sequential (jobs=1)', () => {
  let tmp: OwnTmp
  let work: ReturnType<typeof tempDir>
  let seq: Run
  let par: Run

  beforeAll(async () => {
    // The config and logs live outside the private TMPDIR, which must end up empty.
    work = tempDir('vmtest-test-parallel-')
    tmp = privateTmp()
    const kernel = tinyKernel()
    const config = join(work.dir, 'vmtest.toml')
    writeFileSync(
      config,
      TARGETS.map(
        (t) =>
          `[[target]]\nname = ${JSON.stringify(t.name)}\nkernel = ${JSON.stringify(kernel)}\ncommand = ${JSON.stringify(t.command)}\nvm.num_cpus = 1\nvm.memory = "512M"\n`,
      ).join('\n'),
    )
    seq = await runWith(config, work.dir, 1, join(work.dir, 'logs-1'), tmp)
    par = await runWith(config, work.dir, 2, join(work.dir, 'logs-2'), tmp)
  }, 900_000)

  afterEach(() => {
    expect(tmp.leftovers()).toEqual({ qemu: [], files: [] })
  })
  afterAll(() => {
    work?.remove()
    tmp?.restore()
  })

  it('really ran two at once with jobs=2, and one at a time with jobs=1', () => {
    expect(seq.events[0]).toMatchObject({ type: 'run-start', jobs: 1 })
    expect(par.events[0]).toMatchObject({ type: 'run-start', jobs: 2 })
    expect(seq.qemus).toHaveLength(3)
    expect(par.qemus).toHaveLength(3)
    expect(seq.maxAlive).toBe(1)
    expect(par.maxAlive).toBe(2)
    // Events of the first two targets overlap: the second started before the first ended.
    const order = (r: Run) =>
      r.events
        .filter((e) => e.type === 'target-start' || e.type === 'target-end')
        .map((e) => `${e.type === 'target-start' ? '+' : '-'}${'target' in e ? e.target.name : ''}`)
    expect(order(seq)).toEqual(['+alpha', '-alpha', '+bravo fails', '-bravo fails', '+charlie', '-charlie'])
    expect(order(par).slice(0, 2)).toEqual(['+alpha', '+bravo fails'])
  })

  it('gives the same results and exit status', () => {
    const brief = (r: Run) =>
      r.results.map((x) => ({ name: x.name, result: x.result, exitCode: x.exitCode, error: x.error }))
    expect(brief(seq)).toEqual([
      { name: 'alpha', result: 'pass', exitCode: 0, error: undefined },
      { name: 'bravo fails', result: 'fail', exitCode: 3, error: 'Command failed with exit code: 3' },
      { name: 'charlie', result: 'pass', exitCode: 0, error: undefined },
    ])
    expect(brief(par)).toEqual(brief(seq))
    // Several targets: the exit status counts the failed ones (upstream's rule).
    expect(seq.exit).toBe(1)
    expect(par.exit).toBe(seq.exit)
    // Each target's command log holds its own output and nothing else.
    for (const r of [seq, par]) {
      for (const x of r.results) {
        const log = readFileSync(x.logs.command!, 'utf8')
        const mine = x.name.split(' ')[0]
        expect(
          log
            .split('\n')
            .filter((l) => l.startsWith('out:'))
            .every((l) => l.startsWith(`out:${mine} `)),
          log,
        ).toBe(true)
        expect(log).toContain(`out:${mine} 1`)
      }
    }
  })

  it('shares no socket, work dir or log dir between targets', () => {
    for (const r of [seq, par]) {
      const perQemu = r.qemus.map((q) => privatePaths(q.argv))
      for (const paths of perQemu) expect(paths.length, JSON.stringify(paths)).toBe(3) // qmp, output, init.sh (no agent)
      const all = perQemu.flat()
      expect(new Set(all).size).toBe(all.length)
      // One private directory per QEMU, holding all of its files.
      const dirs = perQemu.map((paths) => [...new Set(paths.map((p) => dirname(p)))])
      for (const d of dirs) expect(d).toHaveLength(1)
      expect(new Set(dirs.flat()).size).toBe(3)
      const logDirs = r.results.map((x) => dirname(x.logs.command!))
      expect(new Set(logDirs).size).toBe(3)
    }
  })

  it('prints each target whole in the terminal, the same text as a sequential run', () => {
    expect(stableLines(par.terminal)).toEqual(stableLines(seq.terminal))
    // Blocks in order, each target's lines together.
    const headings = par.terminal.split('\n').filter((l) => l.startsWith('=> '))
    expect(headings).toEqual(['=> alpha', '=> bravo fails', '=> charlie'])
    const blocks = par.terminal.split(/^(?==> )/m).filter(Boolean)
    for (const [i, t] of TARGETS.entries()) {
      const mine = t.name.split(' ')[0]
      expect(
        blocks[i]
          .split('\n')
          .filter((l) => l.startsWith('out:'))
          .every((l) => l.startsWith(`out:${mine} `)),
      ).toBe(true)
    }
  })

  it('never interleaves the Actions log groups of different targets', () => {
    for (const r of [seq, par]) {
      const view = readAsRunner(r.actionsLog) // throws on a group opened inside another
      const owners = view.groups.map((g) => TARGETS.find((t) => g.title.startsWith(`${t.name}: `))?.name)
      expect(owners).not.toContain(undefined)
      // Each target's groups form one run: the owner changes exactly twice for three targets.
      const changes = owners.filter((o, i) => i > 0 && o !== owners[i - 1]).length
      expect(changes, owners.join(', ')).toBe(2)
      expect(new Set(owners).size).toBe(3)
      // Every command-output group holds that target's lines only.
      for (const g of view.groups.filter((x) => x.title.includes(': command output'))) {
        const mine = g.title.split(/[ :]/)[0]
        const out = g.lines.filter((l) => l.startsWith('out:'))
        expect(out.length).toBeGreaterThan(0)
        expect(
          out.every((l) => l.startsWith(`out:${mine} `)),
          g.lines.join('\n'),
        ).toBe(true)
      }
    }
    // Per target, the same groups in the same order as the sequential run (titles without
    // timings). Across targets the order may differ: a target is printed when it ends, and in
    // parallel a quicker target ends first. The kernel's own late lines (a timer's, such as
    // the TSC's refined calibration, can come after the init is up, or not) are left out.
    const titles = (r: Run) =>
      readAsRunner(r.actionsLog)
        .groups.map((g) => g.title.replace(/ \(.*\)$/, ''))
        .filter((t) => !t.endsWith(': console after boot'))
    const byTarget = (list: string[]) => TARGETS.map((t) => list.filter((title) => title.startsWith(`${t.name}: `)))
    expect(byTarget(titles(par))).toEqual(byTarget(titles(seq)))
    expect(titles(par).length).toBe(titles(seq).length)
  })
})
