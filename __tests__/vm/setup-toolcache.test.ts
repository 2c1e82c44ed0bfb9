// The tool-cache install for real: QEMU and busybox unpacked from Debian's .debs
// (apt-get download + dpkg-deb, apt reachable), run with the returned environment, then found
// again by a second setup that runs no apt command at all.
//
// libslirp0 is bundled even though this host has it installed (treatAsMissing), so the test
// can see QEMU load a library from the bundle through LD_LIBRARY_PATH, as it must on a runner
// without it.
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realExec, type Exec } from '../../src/setup/exec.js'
import { isStaticElf } from '../../src/setup/host.js'
import { setupHost, type SetupResult } from '../../src/setup/install.js'
import type { Plan } from '../../src/plan/types.js'
import { makeTarget } from '../fixtures/target.js'
import { usePrivateTmp } from './own-leftovers.js'

interface Call {
  command: string
  args: string[]
}
function recorder(): { exec: Exec; calls: Call[] } {
  const calls: Call[] = []
  return {
    calls,
    exec: (command, args, opts) => {
      calls.push({ command, args })
      return realExec(command, args, opts)
    },
  }
}
const isApt = (c: Call): boolean =>
  /^apt/.test(path.basename(c.command)) || (c.command === 'sudo' && c.args.some((a) => a.startsWith('apt')))

const kernelPlan: Plan = {
  targets: [
    makeTarget({ name: 'kernel', kernel: '/boot/vmlinuz', vm: { numCpus: 1, memory: '256M' }, sharedDir: '/tmp' }),
  ],
  options: {
    accel: 'tcg',
    initramfs: 'auto',
    writeImage: false,
    envWithhold: [],
    envPass: [],
    jobs: 1,
    failOnSplat: false,
    testOutput: 'none',
  },
  warnings: [],
}

usePrivateTmp()

let work = ''
const saved = { tc: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }
const logs: string[] = []
const log = (line: string): void => {
  logs.push(line)
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-vm-'))
  process.env.RUNNER_TOOL_CACHE = path.join(work, 'tool-cache')
  process.env.RUNNER_TEMP = path.join(work, 'temp')
})
afterAll(() => {
  for (const [k, v] of [
    ['RUNNER_TOOL_CACHE', saved.tc],
    ['RUNNER_TEMP', saved.temp],
  ] as const) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  fs.rmSync(work, { recursive: true, force: true })
})

/** Runs a program with the setup's environment; resolves with exit code and output. */
function run(
  program: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

async function waitFor(file: string, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!fs.existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`QEMU exited (${child.exitCode}) before creating ${file}`)
    if (Date.now() > end) throw new Error(`no ${file} after ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Reads the QMP greeting and answers qmp_capabilities: proof QEMU is up and serving. */
function qmpHandshake(sock: string, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = []
    let buf = ''
    const conn = net.connect(sock)
    const timer = setTimeout(() => {
      conn.destroy()
      reject(new Error(`QMP handshake timed out; got ${JSON.stringify(lines)}`))
    }, ms)
    conn.on('error', reject)
    conn.on('data', (d: Buffer) => {
      buf += d.toString()
      let i: number
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim()
        buf = buf.slice(i + 1)
        if (!line) continue
        lines.push(line)
        if (lines.length === 1) conn.write('{"execute":"qmp_capabilities"}\n')
        else {
          clearTimeout(timer)
          conn.end()
          resolve(lines)
        }
      }
    })
  })
}

describe('setupHost install: tool-cache (real apt, real QEMU)', () => {
  let first: SetupResult
  const firstRun = recorder()

  it('unpacks QEMU and busybox from .debs into the tool cache (no qemu-ga: a kernel target needs none)', async () => {
    first = await setupHost(kernelPlan, {
      mode: 'tool-cache',
      cache: false,
      log,
      exec: firstRun.exec,
      treatAsMissing: ['libslirp0'],
    })
    const toolCache = process.env.RUNNER_TOOL_CACHE!
    expect(first.installedVia).toBe('tool-cache')
    expect(firstRun.calls.filter(isApt).length).toBeGreaterThan(0)
    expect(first.aptCommandsRun).toBe(firstRun.calls.filter(isApt).length)
    expect(Object.keys(first.packages)).toEqual(
      expect.arrayContaining(['qemu-system-x86', 'busybox-static', 'libslirp0', 'seabios']),
    )
    expect(Object.keys(first.packages)).not.toContain('qemu-guest-agent')
    const qemu = first.qemuPaths.x86_64!
    expect(qemu.startsWith(toolCache + path.sep)).toBe(true)
    expect(first.versions['qemu-system-x86_64']).toMatch(/^QEMU emulator version \d+\.\d+/)
    expect(first.busybox!.startsWith(toolCache + path.sep)).toBe(true)
    expect(await isStaticElf(first.busybox!)).toBe(true)
    expect(first.env.LD_LIBRARY_PATH).toBeTruthy()
    expect(first.env.QEMU_MODULE_DIR).toBeTruthy()
    expect(fs.existsSync(path.join(first.qemuDataDir!, 'kvmvapic.bin'))).toBe(true)
    // the bundle carries the ROMs it needs (bios-256k.bin comes from seabios)
    expect(fs.readdirSync(path.dirname(first.qemuDataDir!))).toContain('seabios')
    // no staging left behind
    expect(fs.readdirSync(process.env.RUNNER_TEMP!)).toEqual([])
  })

  it('the bundled QEMU runs --version and starts paused under TCG with QMP, loading bundle libraries', async () => {
    const qemu = first.qemuPaths.x86_64!
    const version = await run(qemu, ['--version'], first.env)
    expect(version.code).toBe(0)
    expect(version.out).toMatch(/^QEMU emulator version/)

    const sock = path.join(work, 'qmp.sock')
    const child = spawn(
      qemu,
      [
        '-L',
        first.qemuDataDir!,
        '-accel',
        'tcg',
        '-nodefaults',
        '-display',
        'none',
        '-S',
        '-qmp',
        `unix:${sock},server=on,wait=off`,
      ],
      {
        env: { ...process.env, ...first.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    try {
      await waitFor(sock, child, 15_000).catch((e: Error) => {
        throw new Error(`${e.message}; stderr: ${stderr}`)
      })
      const lines = await qmpHandshake(sock, 10_000)
      expect(JSON.parse(lines[0])).toHaveProperty('QMP')
      expect(JSON.parse(lines[1])).toEqual({ return: {} })
      const maps = fs.readFileSync(`/proc/${child.pid}/maps`, 'utf8')
      const root = qemu.replace(/\/usr\/bin\/qemu-system-x86_64$/, '')
      // libslirp from the bundle (LD_LIBRARY_PATH), TCG from the bundle's module folder
      expect(maps).toMatch(new RegExp(`${escape(root)}/usr/lib/[^/]+/libslirp\\.so`))
      expect(maps).toContain(path.join(first.env.QEMU_MODULE_DIR!, 'accel-tcg-x86_64.so'))
      expect(child.exitCode).toBeNull()
    } finally {
      clearTimeout(killer)
      child.kill('SIGKILL')
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r),
      )
    }
  })

  it('a second setup finds the bundle and runs no apt command', async () => {
    const second = recorder()
    const again = await setupHost(kernelPlan, {
      mode: 'tool-cache',
      cache: false,
      log,
      exec: second.exec,
      treatAsMissing: ['libslirp0'],
    })
    expect(second.calls.filter(isApt)).toEqual([])
    expect(second.calls.filter((c) => c.command === 'dpkg-deb')).toEqual([])
    expect(again.aptCommandsRun).toBe(0)
    expect(again.qemuPaths).toEqual(first.qemuPaths)
    expect(again.env).toEqual(first.env)
    expect(again.installedVia).toBe('tool-cache')
  })
})

describe('setupHost install: apt (real apt-get, packages already installed here)', () => {
  it('runs apt-get install for the packages of the plan and finds QEMU in PATH afterwards', async () => {
    const rec = recorder()
    const r = await setupHost(kernelPlan, { mode: 'apt', cache: false, log, exec: rec.exec })
    expect(r.installedVia).toBe('apt')
    const installs = rec.calls.filter((c) => c.command === 'apt-get' && c.args[0] === 'install')
    expect(installs.length).toBe(1)
    expect(installs[0].args).toEqual(
      expect.arrayContaining(['-y', '--no-install-recommends', 'qemu-system-x86', 'busybox-static']),
    )
    expect(installs[0].args).not.toContain('qemu-guest-agent')
    expect(r.qemuPaths.x86_64).toMatch(/^\/.*\/qemu-system-x86_64$/)
    expect(r.packages['qemu-system-x86']).toMatch(/\d/)
    expect(r.versions['qemu-system-x86_64']).toMatch(/^QEMU emulator version/)
    expect(r.env).toEqual({})
  })
})

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('a kernel target booted with the tool-cache QEMU', () => {
  it('runs the command with QEMU from the tool cache, and no guest agent', async () => {
    const { tinyKernel } = await import('./fixtures.js')
    const { runPlan } = await import('../../src/engine/run.js')
    const setup = await setupHost(kernelPlan, { mode: 'tool-cache', cache: false, log, treatAsMissing: ['libslirp0'] })
    const toolCache = process.env.RUNNER_TOOL_CACHE!
    const plan: Plan = {
      ...kernelPlan,
      targets: [
        { ...kernelPlan.targets[0], kernel: tinyKernel(), command: 'echo ran; pgrep -x qemu-ga || echo no-agent' },
      ],
    }
    const setupLines: string[] = []
    const output: string[] = []
    const [result] = await runPlan({
      plan,
      setup,
      sink: (e) => {
        if (e.type === 'setup') setupLines.push(e.line)
        if (e.type === 'output') output.push(e.line)
      },
    })
    expect(result.result).toBe('pass')
    expect(setupLines).toContain(`qemu: ${setup.qemuPaths.x86_64}`)
    expect(setup.qemuPaths.x86_64!.startsWith(toolCache + path.sep)).toBe(true)
    // Our init ran the command itself: no agent in the guest.
    expect(output).toEqual(['ran', 'no-agent'])
  })
})
