// The QMP and guest-agent clients against real peers: QEMU itself (TCG, paused with -S, no
// guest OS needed for QMP), and the real qemu-ga run on the host over a unix socket, which
// speaks exactly the protocol it speaks inside a guest. Full agent exchanges through a
// booted guest are covered by the engine's VM tests.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  AgentConnectError,
  QEMU_EXITED_DURING_QGA,
  QemuExitedError,
  QgaCommandError,
  QmpCommandError,
} from '../../src/vm/errors.js'
import { agentSupportsMergedOutput, QgaClient } from '../../src/vm/qga.js'
import { QmpClient } from '../../src/vm/qmp.js'
import { usePrivateTmp } from './own-leftovers.js'

const QEMU = 'qemu-system-x86_64'

function versionOf(program: string, args: string[]): string | undefined {
  try {
    return /(\d+\.\d+\.\d+)/.exec(execFileSync(program, args, { encoding: 'utf8' }))?.[1]
  } catch {
    return undefined
  }
}

const qemuVersion = versionOf(QEMU, ['--version'])
const qemuGa = ['/usr/bin/qemu-ga', '/usr/sbin/qemu-ga'].find((p) => existsSync(p))
const qemuGaVersion = qemuGa ? versionOf(qemuGa, ['--version']) : undefined
if (!qemuVersion) console.warn(`SKIPPED: ${QEMU} not found; install qemu-system-x86`)
if (!qemuGa) console.warn('SKIPPED: qemu-ga not found; install qemu-guest-agent')

usePrivateTmp()

let dir: string
const children: ChildProcess[] = []

beforeEach(() => {
  // Not named like the engine's work dirs (vmtest-XXXXXX), which the VM tests check for.
  dir = mkdtempSync(join(tmpdir(), 'vmtest-proto-'))
})

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (isAlive(child)) {
      child.kill('SIGKILL')
      await exited(child, 10_000)
    }
  }
  rmSync(dir, { recursive: true, force: true })
})

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null
}

function exited(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!isAlive(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)),
      timeoutMs,
    )
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

interface Qemu {
  proc: ChildProcess
  qmpSock: string
  qgaSock: string
  stderr: () => string
}

/** A paused x86 machine with a QMP socket and the guest agent's chardev, nothing to boot. */
function startQemu(): Qemu {
  const qmpSock = join(dir, 'qmp.sock')
  const qgaSock = join(dir, 'qga.sock')
  // argv as the engine builds it (reference §3), minus everything a guest would need.
  const args = [
    '-nodefaults',
    '-display',
    'none',
    '-accel',
    'tcg',
    '-qmp',
    `unix:${qmpSock},server=on,wait=off`,
    '-chardev',
    `socket,path=${qgaSock},server=on,wait=off,id=qga0`,
    '-device',
    'virtio-serial',
    '-device',
    'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
    '-S',
  ]
  const proc = spawn(QEMU, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  children.push(proc)
  let err = ''
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  return { proc, qmpSock, qgaSock, stderr: () => err }
}

describe.skipIf(!qemuVersion)('QMP against real QEMU (TCG)', () => {
  it('greets, answers query-status and query-version, reports errors, and exits on quit', async () => {
    const qemu = startQemu()
    const qmp = await QmpClient.connect(qemu.qmpSock, { timeoutMs: 20_000, isAlive: () => isAlive(qemu.proc) })
    const [major, minor, micro] = qemuVersion!.split('.').map(Number)
    expect(qmp.greeting.version.qemu).toEqual({ major, minor, micro })

    expect(await qmp.execute('query-status')).toMatchObject({ status: 'prelaunch', running: false })
    const version = await qmp.execute<{ qemu: { major: number; minor: number; micro: number }; package: string }>(
      'query-version',
    )
    expect(version.qemu).toEqual({ major, minor, micro })
    expect(typeof version.package).toBe('string')

    const err = await qmp.execute('no-such-command').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QmpCommandError)
    expect((err as QmpCommandError).errorClass).toBe('CommandNotFound')

    // cont and stop make QEMU send RESUME and STOP events between the replies: they are
    // never taken for a reply.
    await qmp.execute('cont')
    expect(await qmp.execute('query-status')).toMatchObject({ status: 'running', running: true })
    await qmp.execute('stop')
    expect(await qmp.execute('query-status')).toMatchObject({ status: 'paused', running: false })

    await qmp.quit()
    expect(await exited(qemu.proc, 10_000)).toEqual({ code: 0, signal: null })
    expect(qemu.stderr()).toBe('')
  })
})

describe.skipIf(!qemuVersion)('guest agent connect against real QEMU with no guest', () => {
  it('fails with AgentConnectError at the deadline: the chardev accepts, nobody answers', async () => {
    const qemu = startQemu()
    // QMP answering means QEMU has created its sockets.
    const qmp = await QmpClient.connect(qemu.qmpSock, { timeoutMs: 20_000, isAlive: () => isAlive(qemu.proc) })
    const outcomes: string[] = []
    const t0 = Date.now()
    const err = (await QgaClient.connect(qemu.qgaSock, {
      deadline: t0 + 2500,
      attemptTimeoutMs: 600,
      retryDelayMs: 100,
      isAlive: () => isAlive(qemu.proc),
      onAttempt: (_n, what) => outcomes.push(what),
    }).catch((e: unknown) => e)) as AgentConnectError
    const took = Date.now() - t0
    expect(err).toBeInstanceOf(AgentConnectError)
    expect(took).toBeGreaterThanOrEqual(2490)
    expect(took).toBeLessThan(4000)
    // Every attempt got a fresh connection that QEMU accepted and nobody answered.
    expect(err.attempts).toBeGreaterThanOrEqual(3)
    expect(err.counts.nothing).toBe(err.attempts)
    expect(outcomes.every((o) => o === 'nothing')).toBe(true)
    expect(err.message).toContain(qemu.qgaSock)
    expect(isAlive(qemu.proc)).toBe(true)
    await qmp.quit()
    expect((await exited(qemu.proc, 10_000)).code).toBe(0)
  })

  it('fails with QemuExitedError soon after QEMU is killed during connect', async () => {
    const qemu = startQemu()
    const qmp = await QmpClient.connect(qemu.qmpSock, { timeoutMs: 20_000, isAlive: () => isAlive(qemu.proc) })
    let killedAt = 0
    setTimeout(() => {
      killedAt = Date.now()
      qemu.proc.kill('SIGKILL')
    }, 800)
    const err = await QgaClient.connect(qemu.qgaSock, {
      deadline: Date.now() + 60_000,
      isAlive: () => isAlive(qemu.proc),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QemuExitedError)
    expect((err as Error).message).toBe(QEMU_EXITED_DURING_QGA)
    expect(killedAt).toBeGreaterThan(0)
    expect(Date.now() - killedAt).toBeLessThan(2000)
    await qmp.close()
  })
})

describe.skipIf(!qemuGa)('the real qemu-ga, on the host over a unix socket', () => {
  async function startAgent(): Promise<{ sock: string; proc: ChildProcess }> {
    const sock = join(dir, 'ga.sock')
    const state = join(dir, 'state')
    mkdirSync(state)
    const proc = spawn(
      qemuGa!,
      ['-m', 'unix-listen', '-p', sock, '-t', state, '-f', join(dir, 'ga.pid'), '-l', join(dir, 'ga.log')],
      {
        stdio: 'ignore',
      },
    )
    children.push(proc)
    return { sock, proc }
  }

  it('connects, reports its version, and runs commands with exit codes, signals, stdin and env', async () => {
    const agent = await startAgent()
    // The socket appears a moment after start: refused attempts are retried fast.
    const qga = await QgaClient.connect(agent.sock, {
      deadline: Date.now() + 20_000,
      isAlive: () => isAlive(agent.proc),
    })
    const info = await qga.info()
    expect(info.version).toBe(qemuGaVersion)
    expect(info.commands).toEqual(
      expect.arrayContaining(['guest-exec', 'guest-exec-status', 'guest-sync-delimited', 'guest-info']),
    )

    const r = await qga.run('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'])
    expect(r).toEqual({
      exitCode: 3,
      signal: undefined,
      out: Buffer.from('out\n'),
      err: Buffer.from('err\n'),
      outTruncated: false,
      errTruncated: false,
    })

    const killed = await qga.run('/bin/sh', ['-c', 'kill -TERM $$'])
    expect(killed.exitCode).toBe(143)
    expect(killed.signal).toBe(15)

    const cat = await qga.run('/bin/cat', [], { inputData: Buffer.from('héllo\0\xff') })
    expect(cat.out).toEqual(Buffer.from('héllo\0\xff'))

    const env = await qga.run('/bin/sh', ['-c', 'echo "$FOO|$BAR"'], { env: { FOO: 'a b', BAR: 'x=y' } })
    expect(env.out.toString()).toBe('a b|x=y\n')

    // 'merged' is sent only to agents that know it; older ones get separate streams.
    const merged = await qga.run('/bin/sh', ['-c', 'echo one; echo two >&2'], { captureOutput: 'merged' })
    expect(merged.exitCode).toBe(0)
    if (agentSupportsMergedOutput(info.version)) {
      expect(merged.out.toString()).toBe('one\ntwo\n')
    } else {
      expect([merged.out.toString(), merged.err.toString()]).toEqual(['one\n', 'two\n'])
    }

    // A program that does not exist is the agent's error, with its own words.
    const missing = await qga.exec({ path: '/nonexistent/program' }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(QgaCommandError)
    expect((missing as Error).message).toContain('/nonexistent/program')
    expect((await qga.run('/bin/echo', ['still', 'usable'])).out.toString()).toBe('still usable\n')
    await qga.close()

    // A second client after the first has gone: a fresh socket, synced at once.
    const again = await QgaClient.connect(agent.sock, {
      deadline: Date.now() + 10_000,
      isAlive: () => isAlive(agent.proc),
    })
    expect(again.attempts).toBe(1)
    expect((await again.run('/bin/true', [])).exitCode).toBe(0)
    await again.close()
  })
})
