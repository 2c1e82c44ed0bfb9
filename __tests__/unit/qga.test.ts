// QgaClient against a fake guest agent (a unix socket server in a temp dir) for the faults a
// real guest cannot produce on demand, plus the pure helpers (version compare, exit codes).
import type net from 'node:net'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { useFakeServers } from '../fixtures/fake-server.js'

import {
  AgentConnectError,
  ConnectionClosedError,
  ProtocolError,
  QEMU_EXITED_DURING_QGA,
  QemuExitedError,
  QgaCommandError,
  QmpCommandError,
  TimeoutError,
} from '../../src/vm/errors.js'
import { agentSupportsMergedOutput, exitCodeOf, QgaClient, versionAtLeast, type ExecStatus } from '../../src/vm/qga.js'

interface Request {
  execute: string
  arguments?: Record<string, unknown>
}

interface Conn {
  /** 1-based number of this connection. */
  n: number
  peer: net.Socket
  /** Raw bytes received, sentinels included. */
  raw: Buffer[]
  send(obj: object): void
  /** The 0xFF sentinel then obj, as guest-sync-delimited answers. */
  sendDelimited(obj: object): void
  write(data: string | Buffer): void
}

type Agent = (req: Request, conn: Conn) => void

const FF = Buffer.from([0xff])
const SHORT = { attemptTimeoutMs: 150, retryDelayMs: 20, fastRetryDelayMs: 10 }

const fakes = useFakeServers('qga-test-')

/** The sync answer of a well-behaved agent. */
function answerSync(req: Request, conn: Conn): boolean {
  if (req.execute === 'guest-sync-delimited') conn.sendDelimited({ return: req.arguments?.id })
  else if (req.execute === 'guest-sync') conn.send({ return: req.arguments?.id })
  else return false
  return true
}

async function fakeAgent(
  agent: Agent,
): Promise<{ path: string; conns: Conn[]; requests: Request[]; allClosed(): Promise<void> }> {
  const conns: Conn[] = []
  const requests: Request[] = []
  const fake = fakes.unix('qga.sock', (peer) => {
    const conn: Conn = {
      n: conns.length + 1,
      peer,
      raw: [],
      send: (obj) => void peer.write(JSON.stringify(obj) + '\n'),
      sendDelimited: (obj) => void peer.write(Buffer.concat([FF, Buffer.from(JSON.stringify(obj) + '\n')])),
      write: (data) => void peer.write(data),
    }
    conns.push(conn)
    let buf = ''
    peer.on('data', (d: Buffer) => {
      conn.raw.push(d)
      // The client's leading 0xFF is a flush for the agent's parser, not part of any request.
      buf += d.toString('latin1').replaceAll('\xff', '')
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const req = JSON.parse(Buffer.from(buf.slice(0, nl), 'latin1').toString('utf8')) as Request
        buf = buf.slice(nl + 1)
        requests.push(req)
        agent(req, conn)
      }
    })
  })
  await fake.listening
  return { path: fake.path, conns, requests, allClosed: fake.allClosed }
}

function timersNow(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}

/** Let timers of earlier tests' fake peers run out, so a baseline count means something. */
async function settled(): Promise<number> {
  await new Promise((r) => setTimeout(r, 250))
  return timersNow()
}

describe('QgaClient.connect', () => {
  it('retries on fresh sockets until the agent answers, closing the unanswered ones', async () => {
    const fake = await fakeAgent((req, conn) => {
      if (conn.n >= 4) answerSync(req, conn) // the agent came up during the 4th attempt
    })
    const attempts: Array<[number, string]> = []
    const qga = await QgaClient.connect(fake.path, {
      deadline: Date.now() + 5000,
      ...SHORT,
      onAttempt: (n, what) => attempts.push([n, what]),
    })
    expect(attempts).toEqual([
      [1, 'nothing'],
      [2, 'nothing'],
      [3, 'nothing'],
      [4, 'ok'],
    ])
    expect(qga.attempts).toBe(4)
    expect(fake.conns).toHaveLength(4)
    // Each attempt sent a sentinel first and a sync with a new random id.
    for (const c of fake.conns) expect(c.raw[0][0]).toBe(0xff)
    const ids = fake.requests.map((r) => r.arguments?.id)
    expect(fake.requests.every((r) => r.execute === 'guest-sync-delimited')).toBe(true)
    expect(new Set(ids).size).toBe(4)
    // The first three sockets were closed by the client, not left dangling.
    await Promise.all(
      fake.conns.slice(0, 3).map((c) => new Promise((r) => (c.peer.closed ? r(null) : c.peer.on('close', r)))),
    )
    await qga.close()
    await fake.allClosed()
  })

  it('ignores stale replies and bytes before the sentinel, and answers with other ids', async () => {
    const fake = await fakeAgent((req, conn) => {
      // What a previous client's requests may have left in the agent's output.
      conn.write(
        '{"return": {"pid": 12}}\n{"error": {"class": "GenericError", "desc": "JSON parse error, stray \'\\ufffd\'"}}\n',
      )
      conn.sendDelimited({ return: 1 })
      conn.sendDelimited({ return: (req.arguments?.id as number) + 1 })
      setTimeout(() => answerSync(req, conn), 20)
    })
    const qga = await QgaClient.connect(fake.path, { deadline: Date.now() + 5000, ...SHORT })
    expect(qga.attempts).toBe(1)
    await qga.close()
  })

  it('speaks plain guest-sync when asked', async () => {
    const fake = await fakeAgent((req, conn) => {
      conn.send({ return: 77 })
      answerSync(req, conn)
    })
    const qga = await QgaClient.connect(fake.path, { deadline: Date.now() + 5000, ...SHORT, sync: 'plain' })
    expect(fake.requests.map((r) => r.execute)).toEqual(['guest-sync'])
    expect(fake.conns[0].raw[0][0]).toBe('{'.charCodeAt(0))
    await qga.close()
  })

  it('fails with AgentConnectError at the deadline when the agent never answers, saying what it saw', async () => {
    const fake = await fakeAgent(() => {})
    const before = await settled()
    const t0 = Date.now()
    const err = (await QgaClient.connect(fake.path, { deadline: t0 + 700, ...SHORT }).catch(
      (e: unknown) => e,
    )) as AgentConnectError
    const took = Date.now() - t0
    expect(err).toBeInstanceOf(AgentConnectError)
    expect(took).toBeGreaterThanOrEqual(690)
    expect(took).toBeLessThan(1000)
    expect(err.attempts).toBe(fake.conns.length)
    expect(err.attempts).toBeGreaterThanOrEqual(3)
    expect(err.counts).toEqual({ nothing: err.attempts, garbage: 0, closed: 0, refused: 0 })
    expect(err.message).toMatch(
      /^Timed out waiting for QGA connection on .*qga\.sock: \d+ attempt\(s\) in 0\.\d s saw nothing ×\d+; last attempts: #\d+ nothing \(no sync reply in \d+ ms\)/,
    )
    await fake.allClosed()
    expect(timersNow()).toBe(before)
  })

  it('reports an agent that only sends garbage', async () => {
    const fake = await fakeAgent((_req, conn) => conn.write('login: \r\n'))
    const err = (await QgaClient.connect(fake.path, { deadline: Date.now() + 500, ...SHORT }).catch(
      (e: unknown) => e,
    )) as AgentConnectError
    expect(err).toBeInstanceOf(AgentConnectError)
    expect(err.counts.garbage).toBe(err.attempts)
    expect(err.message).toContain('garbage')
    expect(err.message).toContain('login: \\r\\n')
  })

  it('reports garbage in plain sync mode as a protocol error', async () => {
    const fake = await fakeAgent((_req, conn) => conn.write('login: \r\n'))
    const seen: string[] = []
    const err = (await QgaClient.connect(fake.path, {
      deadline: Date.now() + 300,
      ...SHORT,
      sync: 'plain',
      onAttempt: (_n, what, detail) => seen.push(`${what}: ${detail}`),
    }).catch((e: unknown) => e)) as AgentConnectError
    expect(err).toBeInstanceOf(AgentConnectError)
    expect(seen[0]).toBe('garbage: expected a JSON object: login: \\r\\n')
  })

  it('retries sooner after a refused connection than after a silent agent', async () => {
    const refused = (await QgaClient.connect(join(fakes.dir(), 'nobody.sock'), {
      deadline: Date.now() + 400,
      attemptTimeoutMs: 150,
      retryDelayMs: 200,
      fastRetryDelayMs: 20,
    }).catch((e: unknown) => e)) as AgentConnectError
    expect(refused).toBeInstanceOf(AgentConnectError)
    expect(refused.counts.refused).toBe(refused.attempts)
    expect(refused.attempts).toBeGreaterThanOrEqual(8)
    expect(refused.message).toContain('refused (ENOENT)')

    const fake = await fakeAgent(() => {})
    const silent = (await QgaClient.connect(fake.path, {
      deadline: Date.now() + 400,
      attemptTimeoutMs: 150,
      retryDelayMs: 200,
      fastRetryDelayMs: 20,
    }).catch((e: unknown) => e)) as AgentConnectError
    expect(silent.attempts).toBeLessThanOrEqual(2)
  })

  it('counts a connection QEMU closes at once as closed, and retries fast', async () => {
    let accepted = 0
    const { path, listening } = fakes.unix('qga.sock', (peer) => {
      accepted++
      peer.destroy()
    })
    await listening
    const err = (await QgaClient.connect(path, {
      deadline: Date.now() + 300,
      attemptTimeoutMs: 150,
      retryDelayMs: 1000,
      fastRetryDelayMs: 10,
    }).catch((e: unknown) => e)) as AgentConnectError
    expect(err).toBeInstanceOf(AgentConnectError)
    expect(err.counts.closed).toBeGreaterThanOrEqual(3)
    expect(err.counts.closed + err.counts.refused).toBe(err.attempts)
    expect(accepted).toBeGreaterThanOrEqual(err.counts.closed)
  })

  it('fails at once with QemuExitedError when QEMU dies during an attempt', async () => {
    const fake = await fakeAgent(() => {})
    const before = await settled()
    let alive = true
    setTimeout(() => (alive = false), 100)
    const t0 = Date.now()
    const err = await QgaClient.connect(fake.path, {
      deadline: Date.now() + 30_000,
      attemptTimeoutMs: 5000,
      isAlive: () => alive,
      alivePollMs: 20,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QemuExitedError)
    expect((err as Error).message).toBe('Qemu exited while trying to connect to QGA. Did the guest panic?')
    expect((err as Error).message).toBe(QEMU_EXITED_DURING_QGA)
    expect(Date.now() - t0).toBeLessThan(500)
    await fake.allClosed()
    expect(timersNow()).toBe(before)
  })

  it('does not even connect when QEMU is already gone', async () => {
    const fake = await fakeAgent(answerSync)
    await expect(
      QgaClient.connect(fake.path, { deadline: Date.now() + 5000, isAlive: () => false }),
    ).rejects.toBeInstanceOf(QemuExitedError)
    expect(fake.conns).toHaveLength(0)
  })

  it('stops with the reason when the signal aborts', async () => {
    const fake = await fakeAgent(() => {})
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(new Error('cancelled by test')), 100)
    const t0 = Date.now()
    await expect(QgaClient.connect(fake.path, { deadline: Date.now() + 30_000, signal: ctl.signal })).rejects.toThrow(
      'cancelled by test',
    )
    expect(Date.now() - t0).toBeLessThan(500)
    await fake.allClosed()
  })

  it('reports a deadline already passed without trying', async () => {
    const err = await QgaClient.connect(join(fakes.dir(), 'x.sock'), { deadline: Date.now() - 1 }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(AgentConnectError)
    expect((err as Error).message).toMatch(/before a first attempt/)
  })
})

const b64 = (s: string): string => Buffer.from(s).toString('base64')

/** An agent that syncs and answers commands from a table (functions of the request). */
function scripted(table: Record<string, (req: Request, conn: Conn) => object | undefined>): Agent {
  return (req, conn) => {
    if (answerSync(req, conn)) return
    const handler = table[req.execute]
    if (!handler)
      return conn.send({ error: { class: 'CommandNotFound', desc: `The command ${req.execute} has not been found` } })
    const body = handler(req, conn)
    if (body) conn.send(body)
  }
}

async function connected(agent: Agent): Promise<{ qga: QgaClient; fake: Awaited<ReturnType<typeof fakeAgent>> }> {
  const fake = await fakeAgent(agent)
  const qga = await QgaClient.connect(fake.path, { deadline: Date.now() + 5000, ...SHORT })
  return { qga, fake }
}

describe('QgaClient commands', () => {
  it('info() returns the version and the enabled commands', async () => {
    const { qga } = await connected(
      scripted({
        'guest-info': () => ({
          return: {
            version: '9.0.0',
            supported_commands: [
              { name: 'guest-exec', enabled: true, 'success-response': true },
              { name: 'guest-fsfreeze-freeze', enabled: false, 'success-response': true },
            ],
          },
        }),
      }),
    )
    expect(await qga.info()).toEqual({ version: '9.0.0', commands: ['guest-exec'] })
    expect(qga.version).toBe('9.0.0')
    await qga.close()
  })

  it('exec() sends path, args, env, stdin and capture mode; returns the pid', async () => {
    const { qga, fake } = await connected(scripted({ 'guest-exec': () => ({ return: { pid: 4242 } }) }))
    const pid = await qga.exec({
      path: '/bin/bash',
      args: ['-c', 'cat'],
      env: { A: '1', B: 'x=y' },
      captureOutput: 'merged',
      inputData: 'stdin ✓',
    })
    expect(pid).toBe(4242)
    expect(fake.requests.at(-1)).toEqual({
      execute: 'guest-exec',
      arguments: {
        path: '/bin/bash',
        arg: ['-c', 'cat'],
        env: ['A=1', 'B=x=y'],
        'input-data': b64('stdin ✓'),
        'capture-output': 'merged',
      },
    })
    await qga.exec({ path: 'sync', env: ['PATH=/bin'] })
    expect(fake.requests.at(-1)?.arguments).toEqual({ path: 'sync', env: ['PATH=/bin'] })
    await qga.close()
  })

  it.each([
    ['7.2.0', true],
    ['8.1.0', 'merged'],
    ['10.0.1', 'merged'],
  ])("exec() with captureOutput 'merged' after info() says %s sends %j", async (version, sent) => {
    const { qga, fake } = await connected(
      scripted({
        'guest-info': () => ({ return: { version, supported_commands: [] } }),
        'guest-exec': () => ({ return: { pid: 1 } }),
      }),
    )
    await qga.info()
    await qga.exec({ path: 'true', captureOutput: 'merged' })
    expect(fake.requests.at(-1)?.arguments?.['capture-output']).toBe(sent)
    await qga.close()
  })

  it('execStatus() decodes the output and flags', async () => {
    const { qga } = await connected(
      scripted({
        'guest-exec-status': (req) => ({
          return: {
            exited: true,
            exitcode: 3,
            'out-data': b64('hello\nwörld\n'),
            'err-data': b64('\u0000binary\u00ff'),
            'out-truncated': true,
            'err-truncated': false,
            pid: req.arguments?.pid,
          },
        }),
      }),
    )
    expect(await qga.execStatus(7)).toEqual({
      exited: true,
      exitcode: 3,
      outData: Buffer.from('hello\nwörld\n'),
      errData: Buffer.from('\u0000binary\u00ff'),
      outTruncated: true,
      errTruncated: false,
    })
    await qga.close()
  })

  it.each([
    ['an exit code', { exited: true, exitcode: 42 }, 42, undefined],
    ['a clean exit', { exited: true, exitcode: 0 }, 0, undefined],
    ['SIGKILL', { exited: true, signal: 9 }, 137, 9],
    ['SIGTERM', { exited: true, signal: 15 }, 143, 15],
  ])('run() polls until exit and maps %s', async (_name, final, exitCode, signal) => {
    let polls = 0
    const { qga, fake } = await connected(
      scripted({
        'guest-exec': () => ({ return: { pid: 99 } }),
        'guest-exec-status': () =>
          ++polls < 3
            ? { return: { exited: false } }
            : { return: { ...final, 'out-data': b64('out'), 'err-data': b64('err') } },
      }),
    )
    const r = await qga.run('/bin/sh', ['-c', 'x'], { pollMs: 20 })
    expect(r).toEqual({
      exitCode,
      signal,
      out: Buffer.from('out'),
      err: Buffer.from('err'),
      outTruncated: false,
      errTruncated: false,
    })
    expect(polls).toBe(3)
    expect(fake.requests.filter((q) => q.execute === 'guest-exec-status').every((q) => q.arguments?.pid === 99)).toBe(
      true,
    )
    expect(fake.requests.find((q) => q.execute === 'guest-exec')?.arguments?.['capture-output']).toBe(true)
    await qga.close()
  })

  it('execWait() gives up at its timeout', async () => {
    const { qga } = await connected(scripted({ 'guest-exec-status': () => ({ return: { exited: false } }) }))
    const t0 = Date.now()
    const err = await qga.execWait(5, { timeoutMs: 200, pollMs: 30 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toContain('guest process 5 to exit')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(195)
    expect(Date.now() - t0).toBeLessThan(600)
    await qga.close()
  })

  it('an error reply is a QgaCommandError (a QmpCommandError) and the client stays usable', async () => {
    const { qga } = await connected(
      scripted({
        'guest-exec': () => ({
          error: {
            class: 'GenericError',
            desc: "Guest agent command failed, error was 'Failed to execute child process “nope” (No such file or directory)'",
          },
        }),
      }),
    )
    const err = await qga.exec({ path: 'nope' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QgaCommandError)
    expect(err).toBeInstanceOf(QmpCommandError)
    expect((err as Error).message).toMatch(/^QGA command 'guest-exec' failed: GenericError: Guest agent command failed/)
    await expect(qga.execute('guest-ping')).rejects.toMatchObject({ errorClass: 'CommandNotFound' })
    await qga.close()
  })

  it('after a command times out, resynchronises so the late reply is not taken for the next one', async () => {
    const { qga, fake } = await connected(
      scripted({
        'guest-get-time': (_req, conn) => void setTimeout(() => conn.send({ return: 'late time' }), 200),
        'guest-get-host-name': () => ({ return: { 'host-name': 'guest' } }),
      }),
    )
    await expect(qga.execute('guest-get-time', undefined, 100)).rejects.toBeInstanceOf(TimeoutError)
    await new Promise((r) => setTimeout(r, 150)) // the late reply has now arrived
    expect(await qga.execute('guest-get-host-name')).toEqual({ 'host-name': 'guest' })
    expect(fake.requests.map((r) => r.execute)).toEqual([
      'guest-sync-delimited',
      'guest-get-time',
      'guest-sync-delimited',
      'guest-get-host-name',
    ])
    await qga.close()
  })

  it('serialises concurrent commands (the agent answers one at a time)', async () => {
    const { qga } = await connected(
      scripted({
        'guest-exec-status': (req, conn) =>
          void setTimeout(() => conn.send({ return: { exited: true, exitcode: req.arguments?.pid } }), 30),
      }),
    )
    const results = await Promise.all([1, 2, 3].map((pid) => qga.execStatus(pid)))
    expect(results.map((r) => r.exitcode)).toEqual([1, 2, 3])
    await qga.close()
  })

  it('fails commands with ConnectionClosedError when the agent goes away, and releases everything', async () => {
    const before = await settled()
    const { qga, fake } = await connected(scripted({ 'guest-exec': (_req, conn) => void conn.peer.end() }))
    const err = await qga.exec({ path: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConnectionClosedError)
    await qga.close()
    await fake.allClosed()
    expect(timersNow()).toBe(before)
  })

  it('rejects replies of the wrong shape as protocol errors', async () => {
    const { qga } = await connected(
      scripted({ 'guest-exec': () => ({ return: { notpid: 1 } }), 'guest-info': () => ({ hello: 1 }) }),
    )
    await expect(qga.exec({ path: 'x' })).rejects.toBeInstanceOf(ProtocolError)
    await expect(qga.info()).rejects.toThrow(/expected a reply to 'guest-info'/)
    await qga.close()
  })
})

describe('versionAtLeast / agentSupportsMergedOutput', () => {
  it.each<[string, number, number, boolean]>([
    ['7.2.0', 8, 1, false],
    ['8.0.5', 8, 1, false],
    ['8.1.0', 8, 1, true],
    ['8.2.2', 8, 1, true],
    // Upstream compared major and minor separately and got these two wrong.
    ['9.0.0', 8, 1, true],
    ['10.0.1', 8, 1, true],
    ['8.1', 8, 1, true],
    ['8', 8, 1, false],
    ['8.10.0', 8, 9, true],
    [' 9.2.0\n', 8, 1, true],
    ['8.1.0-rc2', 8, 1, true],
    ['v8.1.0', 8, 1, false],
    ['garbage', 8, 1, false],
    ['', 8, 1, false],
    ['10.0.1', 10, 1, false],
    ['7.2.22', 7, 2, true],
  ])('%j ≥ %i.%i is %s', (version, major, minor, expected) => {
    expect(versionAtLeast(version, major, minor)).toBe(expected)
  })

  it.each([
    ['7.2.0', false],
    ['8.0.5', false],
    ['8.1.0', true],
    ['9.0.0', true],
    ['10.0.1', true],
    ['8.1', true],
    ['garbage', false],
  ])('merged output with agent %s: %s', (version, expected) => {
    expect(agentSupportsMergedOutput(version)).toBe(expected)
  })
})

describe('exitCodeOf', () => {
  it.each<[ExecStatus, number]>([
    [{ exited: true, exitcode: 0 }, 0],
    [{ exited: true, exitcode: 1 }, 1],
    [{ exited: true, exitcode: 255 }, 255],
    [{ exited: true, signal: 9 }, 137],
    [{ exited: true, signal: 6 }, 134],
    // A signal wins over any exit code reported alongside it: never 0 for a signal death.
    [{ exited: true, exitcode: 0, signal: 11 }, 139],
  ])('%j → %i', (status, code) => {
    expect(exitCodeOf(status)).toBe(code)
  })

  it('rejects an exit with neither exit code nor signal', () => {
    expect(() => exitCodeOf({ exited: true }, 'bash (guest pid 3)')).toThrow(ProtocolError)
  })
})
