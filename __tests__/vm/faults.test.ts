// Issue 8, faults: real guests under TCG that panic, lose their QEMU, never finish, hold the
// output port, flood it with awkward bytes, get cancelled by a signal, run twice at once and
// boot fifty times in a row. Every test: nothing of ours is left running or on disk.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import type { Plan } from '../../src/plan/types.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { pendingCleanups } from '../../src/util/cleanup.js'
import { removeStaleWorkDirs } from '../../src/vm/workdir.js'
import { createTerminalReporter } from '../../src/report/terminal.js'

const repo = resolve(import.meta.dirname, '../..')

// A private TMPDIR for this file (the engine, fixtures and CLI children all honour it), so
// "nothing left behind" is checked exactly, even while other runs use the machine.
const ownTmp = usePrivateTmp()

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

/** A plan as the CLI makes it; always TCG (KVM hangs on the development machines). */
function cliPlan(argv: string[], cwd = process.cwd()): Plan {
  return planFromCli(parseCliArgs(['--accel', 'tcg', ...argv]), cwd, process.env)
}

function toml(s: string): string {
  return JSON.stringify(s)
}

function writeConfig(dir: string, targets: Array<{ name: string; command: string; extra?: string }>): string {
  const file = join(dir, 'vmtest.toml')
  writeFileSync(
    file,
    targets
      .map(
        (t) =>
          `[[target]]\nname = ${toml(t.name)}\nkernel = ${toml(kernel)}\ncommand = ${toml(t.command)}\n${t.extra ?? ''}`,
      )
      .join('\n'),
  )
  return file
}

interface Proc {
  pid: number
  argv: string[]
}

/** Processes whose parent is `ppid`. */
function childrenOf(ppid: number): Proc[] {
  const out: Proc[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name is in parentheses and may hold spaces: the fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) !== ppid) continue
      out.push({ pid: Number(name), argv: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').slice(0, -1) })
    } catch {
      // gone meanwhile
    }
  }
  return out
}

function qemuChildren(ppid: number): Proc[] {
  return childrenOf(ppid).filter((p) => /qemu-system-/.test(p.argv[0] ?? ''))
}

/** The private paths in a QEMU argv: its sockets, the init script, an initramfs. */
function privatePaths(argv: string[]): string[] {
  const text = argv.join('\n')
  const paths = [...text.matchAll(/(?:unix:|path=)([^,\n]+\.sock)/g)].map((m) => m[1])
  const init = /\binit=(\S+)/.exec(text)?.[1]
  if (init) paths.push(init)
  const initrd = argv.indexOf('-initrd')
  if (initrd >= 0) paths.push(argv[initrd + 1])
  return paths
}

function isRunning(pid: number): boolean {
  try {
    // A zombie still has a /proc entry; it is not running.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('kernel panics', () => {
  it('during boot: fails fast, the error carries the panic text', async () => {
    // The last init= on the command line wins: the kernel panics when it cannot start it.
    const plan = cliPlan(['--kargs', 'init=/nonexistent-vmtest-init', '-k', kernel, '--', 'true'])
    let panicAt = 0
    let endAt = 0
    const stages: string[] = []
    const [r] = await runPlan({
      plan,
      sink: (e) => {
        if (e.type === 'console' && /Kernel panic/.test(e.line) && !panicAt) panicAt = Date.now()
        if (e.type === 'stage-end') stages.push(`${e.stage}:${e.ok}`)
        if (e.type === 'target-end') endAt = Date.now()
      },
    })
    expect(r.result).toBe('error')
    expect(r.exitCode).toBeNull()
    expect(r.error).toMatch(/^Kernel panic: .*Kernel panic - not syncing: .*\/nonexistent-vmtest-init/)
    expect(r.consoleTail?.join('\n')).toMatch(/Kernel panic - not syncing/)
    expect(stages).toEqual(['boot:false'])
    expect(panicAt).toBeGreaterThan(0)
    expect(endAt - panicAt).toBeLessThan(5_000)
  })

  it('during the command (sysrq c): fails fast, the output so far is kept', async () => {
    const plan = cliPlan([
      '--timeout',
      '120',
      '-k',
      kernel,
      '--',
      'echo before-the-crash; sync; echo c > /proc/sysrq-trigger; sleep 600',
    ])
    let panicAt = 0
    let endAt = 0
    const output: string[] = []
    const [r] = await runPlan({
      plan,
      sink: (e) => {
        if (e.type === 'console' && /Kernel panic/.test(e.line) && !panicAt) panicAt = Date.now()
        if (e.type === 'output') output.push(e.line)
        if (e.type === 'target-end') endAt = Date.now()
      },
    })
    expect(r.result).toBe('error')
    expect(r.error).toMatch(/^Kernel panic: .*Kernel panic - not syncing: sysrq triggered crash/)
    expect(output).toEqual(['before-the-crash'])
    expect(panicAt).toBeGreaterThan(0)
    expect(endAt - panicAt).toBeLessThan(5_000)
  })
})

describe('QEMU killed (SIGKILL) mid-command', () => {
  it('is a clear error, nothing hangs, and the next target still runs', async () => {
    const t = tempDir()
    try {
      const config = writeConfig(t.dir, [
        { name: 'killed', command: 'echo ready; sleep 600' },
        { name: 'after', command: 'echo still here' },
      ])
      // A safety net only: a hang would end as a timeout result instead of a stuck test.
      // One at a time: the second target runs after the first one's QEMU was killed.
      const plan = cliPlan(['--timeout', '120', '-j', '1', '-c', config])
      let initPath = ''
      let killedAt = 0
      let endAt = 0
      let killed: Proc[] = []
      const output: string[] = []
      const results = await runPlan({
        plan,
        sink: (e) => {
          if (e.type === 'console' && e.target.name === 'killed' && !initPath)
            initPath = /Command line: .*\binit=(\S+)/.exec(e.line)?.[1] ?? ''
          if (e.type === 'output') output.push(`${e.target.name}: ${e.line}`)
          if (e.type === 'output' && e.target.name === 'killed' && e.line === 'ready') {
            // This target's QEMU: our child whose command line names this target's init script.
            killed = qemuChildren(process.pid).filter((p) =>
              p.argv.some((a) => initPath !== '' && a.includes(`init=${initPath}`)),
            )
            for (const p of killed) process.kill(p.pid, 'SIGKILL')
            killedAt = Date.now()
          }
          if (e.type === 'target-end' && e.target.name === 'killed') endAt = Date.now()
        },
      })
      expect(killed).toHaveLength(1)
      expect(results.map((r) => r.result)).toEqual(['error', 'pass'])
      expect(results[0].error).toMatch(/^QEMU exited unexpectedly \(SIGKILL\)/)
      expect(results[0].exitCode).toBeNull()
      expect(endAt - killedAt).toBeLessThan(5_000)
      expect(output).toEqual(['killed: ready', 'after: still here'])
      // Its sockets went with it.
      for (const p of privatePaths(killed[0].argv)) expect(existsSync(p)).toBe(false)
    } finally {
      t.remove()
    }
  })
})

describe('commands that do not end cleanly', () => {
  it.each([
    ['never ends', 'echo started; sleep 600'],
    ['closes stdout and stderr and keeps running', 'echo started; exec >&- 2>&-; sleep 600'],
  ])('a command that %s is stopped at its timeout', async (_label, command) => {
    const timeout = 4
    const plan = cliPlan(['--timeout', String(timeout), '-k', kernel, '--', command])
    let commandAt = 0
    let endAt = 0
    const output: string[] = []
    const [r] = await runPlan({
      plan,
      sink: (e) => {
        if (e.type === 'stage-start' && e.stage === 'command') commandAt = Date.now()
        if (e.type === 'output') output.push(e.line)
        if (e.type === 'target-end') endAt = Date.now()
      },
    })
    expect(r.result).toBe('timeout')
    expect(r.exitCode).toBeNull()
    expect(r.error).toMatch(/did not finish within 4 s \(timeout\)/)
    expect(output).toEqual(['started'])
    // Stopped at the timeout, and the VM shut down right after.
    expect(endAt - commandAt).toBeGreaterThanOrEqual(timeout * 1000)
    expect(endAt - commandAt).toBeLessThan(timeout * 1000 + 10_000)
  })

  it.each([
    ['a silent daemon', '(sleep 600 &) ; echo done'],
    ['a daemon that floods the port after the command ended', '(yes flood-after-the-end &) ; echo done'],
  ])('a command that leaves %s holding the output port passes promptly with exit 0', async (_label, command) => {
    const plan = cliPlan(['--timeout', '120', '-k', kernel, '--', command])
    const output: string[] = []
    const [r] = await runPlan({ plan, sink: (e) => void (e.type === 'output' && output.push(e.line)) })
    expect(r.result).toBe('pass')
    expect(r.exitCode).toBe(0)
    expect(r.commandSeconds).toBeLessThan(10)
    expect(output).toContain('done')
  })
})

describe('output: nothing lost or reordered, memory bounded', () => {
  it('50 MB, 1 MB and 4 MB lines, invalid UTF-8, NUL bytes, ANSI escapes, CRs and a last line without newline reach the log file byte for byte', async () => {
    const t = tempDir()
    try {
      const logsDir = join(t.dir, 'logs')
      // The guest writes the awkward part through `tee` into the host folder too (the host
      // root is the guest's root), then 50 MB of base64 whose hash and size it records there,
      // then a last line without a newline.
      const d = t.dir
      const command = [
        `{`,
        `  printf 'plain line\\n'`,
        `  printf '\\e[1;31mred\\e[0m \\e[2J\\e[H\\e]0;title\\a back\\e[10D space\\n'`,
        `  printf 'invalid utf-8: \\xff\\xfe \\xc3\\x28 \\xed\\xa0\\x80 \\xf0\\x28\\x8c|\\n'`,
        `  printf 'nul: a\\0b\\0\\0c\\n'`,
        `  printf 'crlf\\r\\nlone\\rcr\\n\\n\\n'`,
        // 786432 bytes → exactly 1 MiB of base64: the splitter's cut size.
        `  head -c 786432 /dev/urandom | base64 -w0; printf '\\n'`,
        `  head -c 3000000 /dev/urandom | base64 -w0; printf '\\n'`,
        `  printf 'ünïcödé 😀 ::error::not-a-command\\n'`,
        `} | tee '${d}/small'`,
        `head -c 38800000 /dev/urandom | base64 >/dev/shm/big`,
        `sha256sum </dev/shm/big | cut -d' ' -f1 >'${d}/big.sha256'`,
        `wc -c </dev/shm/big >'${d}/big.size'`,
        `cat /dev/shm/big`,
        `rm /dev/shm/big`,
        `printf 'last line without newline'`,
      ].join('\n')
      const plan = cliPlan(['--timeout', '600', '--logs-dir', logsDir, '-k', kernel, '--', command])
      const before = process.memoryUsage().rss
      let peak = before
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
      let lines = 0
      let bytes = 0
      const firstLines: string[] = []
      let lastLine = ''
      // The CLI's reporter is in the loop, as when a user runs `vmtest`.
      let written = 0
      const out = new Writable({
        write(chunk: Buffer | string, _enc, cb): void {
          written += chunk.length
          cb()
        },
      })
      const reporter = createTerminalReporter({ out, tty: false, color: false, configMode: false })
      const [r] = await runPlan({
        plan,
        sink: (e: EngineEvent) => {
          reporter.onEvent(e)
          if (e.type !== 'output') return
          lines++
          bytes += e.line.length
          if (firstLines.length < 10) firstLines.push(e.line)
          lastLine = e.line
        },
      }).finally(() => clearInterval(sampler))
      expect(r.result).toBe('pass')
      expect(r.logs.command).toBe(join(logsDir, '01-bzImage', 'command.log'))
      expect(written).toBeGreaterThan(1_000_000)

      const log = readFileSync(r.logs.command!)
      const small = readFileSync(join(d, 'small'))
      const bigSize = Number(readFileSync(join(d, 'big.size'), 'utf8'))
      const tail = Buffer.from('last line without newline')
      expect(bigSize).toBeGreaterThan(50_000_000)
      expect(log.length).toBe(small.length + bigSize + tail.length)
      expect(log.subarray(0, small.length).equals(small)).toBe(true)
      const big = log.subarray(small.length, small.length + bigSize)
      expect(createHash('sha256').update(big).digest('hex')).toBe(readFileSync(join(d, 'big.sha256'), 'utf8').trim())
      expect(log.subarray(small.length + bigSize).equals(tail)).toBe(true)
      // What the guest wrote really was awkward (not mangled by the guest's own tools).
      expect(small.includes(Buffer.from([0xff, 0xfe]))).toBe(true)
      expect(small.includes(Buffer.from('a\0b\0\0c'))).toBe(true)
      expect(small.includes(Buffer.from('\x1b[1;31mred'))).toBe(true)

      // The event stream: the same lines, in order; text decoded, ANSI and NUL kept verbatim.
      expect(firstLines.slice(0, 2)).toEqual([
        'plain line',
        '\x1b[1;31mred\x1b[0m \x1b[2J\x1b[H\x1b]0;title\x07 back\x1b[10D space',
      ])
      expect(firstLines[2]).toMatch(/^invalid utf-8: \ufffd\ufffd \ufffd\( .*\|$/)
      expect(firstLines.slice(3, 7)).toEqual(['nul: a\0b\0\0c', 'crlf', 'lone\rcr', ''])
      expect(lastLine).toBe('last line without newline')
      // Every newline of the log is one event (the 4 MB line arrives in 1 MiB pieces).
      const newlines = log.reduce((n, b) => n + (b === 10 ? 1 : 0), 0)
      expect(lines).toBeGreaterThanOrEqual(newlines + 1)
      expect(lines).toBeLessThanOrEqual(newlines + 1 + 4)
      expect(bytes).toBeGreaterThan(50_000_000)
      // Memory: the output streamed through; it was not held.
      const growthMb = (peak - before) / 2 ** 20
      console.log(
        `output test: rss before ${(before / 2 ** 20).toFixed(0)} MB, peak +${growthMb.toFixed(0)} MB, ${lines} lines`,
      )
      expect(growthMb).toBeLessThan(150)
    } finally {
      t.remove()
    }
  })
})

interface CliChild {
  child: ChildProcess
  stdout(): string
  waitFor(re: RegExp, ms?: number): Promise<void>
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

/** The CLI as a separate process, as a user or the runner starts it. */
function spawnCli(args: string[]): CliChild {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repo, 'src/cli/entry.ts'), '--accel', 'tcg', ...args],
    {
      cwd: repo,
      env: { ...process.env, VMTEST_NO_UI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const listeners = new Set<() => void>()
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
    for (const l of listeners) l()
  })
  child.stderr!.on('data', (d: Buffer) => void (out += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal, at: Date.now() })),
  )
  return {
    child,
    stdout: () => out,
    exit,
    waitFor: (re, ms = 120_000) =>
      new Promise<void>((resolvePromise, reject) => {
        const check = (): void => {
          if (!re.test(out)) return
          listeners.delete(check)
          clearTimeout(timer)
          resolvePromise()
        }
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(new Error(`CLI output never matched ${re}:\n${out.slice(-2000)}`))
        }, ms)
        listeners.add(check)
        check()
        void exit.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check)
            clearTimeout(timer)
            reject(new Error(`CLI exited before its output matched ${re}:\n${out.slice(-2000)}`))
          }
        })
      }),
  }
}

describe('the CLI cancelled by a signal', () => {
  it.each([
    // While the host waits for the guest to be up.
    ['SIGTERM', 143, 'mid-boot', /Run \S+ as init process/],
    ['SIGINT', 130, 'mid-boot', /Run \S+ as init process/],
    ['SIGTERM', 143, 'mid-command', /^ready$/m],
    ['SIGINT', 130, 'mid-command', /^ready$/m],
  ] as const)(
    '%s (exit %i) %s: exits within seconds, QEMU gone, its files removed',
    async (signal, status, _when, cue) => {
      const cli = spawnCli(['--timeout', '300', '-k', kernel, '--', 'echo ready; sleep 600'])
      try {
        await cli.waitFor(cue)
        const qemu = qemuChildren(cli.child.pid!)
        expect(qemu).toHaveLength(1)
        const paths = privatePaths(qemu[0].argv)
        expect(paths.length).toBeGreaterThanOrEqual(3) // qmp, output, init.sh
        const sentAt = Date.now()
        cli.child.kill(signal)
        const exit = await cli.exit
        expect(exit.code).toBe(status)
        expect(exit.at - sentAt).toBeLessThan(5_000)
        expect(cli.stdout()).toMatch(new RegExp(`cancelled \\(${signal}\\)`))
        expect(isRunning(qemu[0].pid)).toBe(false)
        for (const p of paths) expect(existsSync(p), p).toBe(false)
        expect(existsSync(dirname(paths[0]))).toBe(false)
      } finally {
        cli.child.kill('SIGKILL')
        await cli.exit
      }
    },
  )
})

describe('the action cancelled by the runner (SIGTERM)', () => {
  it('mid-command: exits within seconds, reports the target cancelled, QEMU gone, its files removed', async () => {
    const ws = tempDir()
    try {
      writeConfig(ws.dir, [{ name: 'cancelled', command: 'echo ready; sleep 600' }])
      const output = join(ws.dir, '.output')
      writeFileSync(output, '')
      writeFileSync(join(ws.dir, '.summary'), '')
      const inputs = { config: 'vmtest.toml', accel: 'tcg', install: 'none', cache: 'false', timeout: '300' }
      const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/action/main-entry.ts')], {
        cwd: repo,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TMPDIR: ownTmp().dir,
          GITHUB_WORKSPACE: ws.dir,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: join(ws.dir, '.summary'),
          GITHUB_STATE: join(ws.dir, '.state'),
          RUNNER_TEMP: join(ws.dir, '.runner-temp'),
          ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => void (out += d.toString()))
      const exit = new Promise<{ code: number | null; at: number }>((r) =>
        child.on('exit', (code) => r({ code, at: Date.now() })),
      )
      // The setup group is written when the command stage starts; give the command a moment.
      const until = Date.now() + 120_000
      while (!/^::group::.*setting up VM/m.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      expect(out).toMatch(/^::group::.*setting up VM/m)
      await new Promise((r) => setTimeout(r, 1_000))
      const [qemu] = qemuChildren(child.pid!)
      expect(qemu).toBeDefined()
      const sentAt = Date.now()
      child.kill('SIGTERM')
      const { code, at } = await exit
      expect(at - sentAt).toBeLessThan(5_000)
      expect(code).not.toBe(0)
      expect(out).toMatch(/^::error::cancelled \(SIGTERM\)/m)
      expect(isRunning(qemu.pid)).toBe(false)
      for (const p of privatePaths(qemu.argv)) expect(existsSync(p), p).toBe(false)
      const results = /^results<<(.+)\n([\s\S]*?)\n\1$/m.exec(readFileSync(output, 'utf8'))
      expect(results).not.toBeNull()
      const parsed = JSON.parse(results![2]) as Array<{ result: string; error: string }>
      expect(parsed.map((r) => [r.result, r.error])).toEqual([['skipped', 'cancelled (SIGTERM)']])
    } finally {
      ws.remove()
    }
  })
})

describe('the CLI killed outright (SIGKILL: no handler runs)', () => {
  it('takes its QEMU with it', async () => {
    const cli = spawnCli(['--timeout', '300', '-k', kernel, '--', 'echo ready; sleep 600'])
    await cli.waitFor(/^ready$/m)
    const [qemu] = qemuChildren(cli.child.pid!)
    expect(qemu).toBeDefined()
    cli.child.kill('SIGKILL')
    await cli.exit
    // The kernel delivers QEMU's parent-death signal at once; allow for scheduling.
    const until = Date.now() + 3_000
    while (isRunning(qemu.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(isRunning(qemu.pid)).toBe(false)
    // A killed process cannot remove its work dir (sockets and init script): the next run
    // does, as its owner is gone.
    expect(removeStaleWorkDirs()).toEqual([dirname(privatePaths(qemu.argv)[0])])
  })
})

describe('two runs at once on one machine', () => {
  it('share no socket, temp file or log path, and both pass', async () => {
    const t = tempDir()
    try {
      const runs = [0, 1].map((i) =>
        spawnCli([
          '--timeout',
          '120',
          '--logs-dir',
          join(t.dir, `logs${i}`),
          '--json',
          join(t.dir, `r${i}.json`),
          '-k',
          kernel,
          '--',
          `echo run-${i}; sleep 2`,
        ]),
      )
      const argvs = await Promise.all(
        runs.map(async (run) => {
          await run.waitFor(/^run-\d$/m)
          return qemuChildren(run.child.pid!).map((p) => p.argv)
        }),
      )
      const exits = await Promise.all(runs.map((r) => r.exit))
      expect(exits.map((e) => e.code)).toEqual([0, 0])
      expect(argvs.map((a) => a.length)).toEqual([1, 1])
      const [a, b] = argvs.map((list) => privatePaths(list[0]))
      expect(a.length).toBeGreaterThanOrEqual(3)
      expect(b.length).toBe(a.length)
      expect(a.filter((p) => b.includes(p))).toEqual([])
      // One private folder per run, not a shared one.
      expect(new Set(a.map(dirname)).size).toBe(1)
      expect(dirname(a[0])).not.toBe(dirname(b[0]))
      const logs = [0, 1].map(
        (i) => JSON.parse(readFileSync(join(t.dir, `r${i}.json`), 'utf8')) as Array<{ logs: { command: string } }>,
      )
      expect(readFileSync(logs[0][0].logs.command, 'utf8')).toBe('run-0\n')
      expect(readFileSync(logs[1][0].logs.command, 'utf8')).toBe('run-1\n')
    } finally {
      t.remove()
    }
  })
})

// Enough boots that a leak of one fd, process or temp file per boot stands out far above the
// slack allowed below, few enough to keep CI's wall time down.
const BOOTS = 25

describe(`${BOOTS} sequential boots`, () => {
  it('leave no growth in open file descriptors, processes or temp files', { timeout: 900_000 }, async () => {
    const t = tempDir()
    try {
      const config = writeConfig(t.dir, [
        { name: 'small', command: 'true', extra: '[target.vm]\nnum_cpus = 1\nmemory = "256M"\n' },
      ])
      const plan = cliPlan(['--timeout', '60', '-c', config])
      const fds = (): number => readdirSync('/proc/self/fd').length
      const temps = (): number => readdirSync(ownTmp().dir).length
      const samples: Array<{ fds: number; children: number; temps: number; cleanups: number }> = []
      const started = Date.now()
      for (let i = 0; i < BOOTS; i++) {
        const results: TargetResult[] = await runPlan({ plan, sink: () => {} })
        expect(results[0].result, `boot ${i + 1}: ${results[0].error}`).toBe('pass')
        samples.push({
          fds: fds(),
          children: childrenOf(process.pid).length,
          temps: temps(),
          cleanups: pendingCleanups(),
        })
      }
      console.log(
        `${BOOTS} boots in ${((Date.now() - started) / 1000).toFixed(0)} s; fds ${samples[0].fds} → ${samples[BOOTS - 1].fds}`,
      )
      // The first boots may open lasting things (module loads, worker pools): compare from the 5th.
      const base = samples[4]
      for (const s of samples.slice(5)) {
        expect(s.fds).toBeLessThanOrEqual(base.fds + 2)
        expect(s.children).toBeLessThanOrEqual(base.children)
        expect(s.temps).toBeLessThanOrEqual(base.temps)
        expect(s.cleanups).toBe(0)
      }
      expect(samples[BOOTS - 1].children).toBe(0)
    } finally {
      t.remove()
    }
  })
})
