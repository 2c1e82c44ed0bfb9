// QmpClient against a fake QMP peer: a unix socket server in a temp dir that scripts the
// faults real QEMU cannot be made to produce on demand.
import type net from 'node:net'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { useFakeServers } from '../fixtures/fake-server.js'

import {
  ConnectionClosedError,
  ProtocolError,
  QemuExitedError,
  QmpCommandError,
  TimeoutError,
} from '../../src/vm/errors.js'
import { QmpClient } from '../../src/vm/qmp.js'

const GREETING =
  '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2"}, "capabilities": ["oob"]}}\r\n'

interface Request {
  execute: string
  arguments?: Record<string, unknown>
  id?: unknown
}

/** What the fake does with each request after qmp_capabilities; `write` sends raw text. */
type Script = (req: Request, write: (text: string) => void, peer: net.Socket) => void

interface FakeQmp {
  path: string
  requests: Request[]
  peers: net.Socket[]
  /** Resolves when every connection the fake accepted has closed. */
  allClosed(): Promise<void>
}

const fakes = useFakeServers('qmp-test-')

function reply(req: Request, body: object): string {
  return JSON.stringify({ ...body, id: req.id }) + '\r\n'
}

async function fakeQmp(
  script: Script,
  opts: { greeting?: string | null; delayListenMs?: number } = {},
): Promise<FakeQmp> {
  const requests: Request[] = []
  const fake = fakes.unix(
    'qmp.sock',
    (peer) => {
      const write = (text: string): void => void peer.write(text)
      if (opts.greeting !== null) write(opts.greeting ?? GREETING)
      let buf = ''
      peer.on('data', (d: Buffer) => {
        buf += d.toString('utf8')
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const req = JSON.parse(buf.slice(0, nl)) as Request
          buf = buf.slice(nl + 1)
          requests.push(req)
          if (req.execute === 'qmp_capabilities') write(reply(req, { return: {} }))
          else script(req, write, peer)
        }
      })
    },
    { delayListenMs: opts.delayListenMs },
  )
  if (!opts.delayListenMs) await fake.listening
  return { path: fake.path, requests, peers: fake.peers, allClosed: fake.allClosed }
}

function timersNow(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}

/** Let timers of earlier tests' fake peers run out, so a baseline count means something. */
async function settled(): Promise<number> {
  await new Promise((r) => setTimeout(r, 500))
  return timersNow()
}

describe('QmpClient.connect', () => {
  it('reads the greeting and negotiates capabilities before anything else', async () => {
    const fake = await fakeQmp((req, write) => write(reply(req, { return: { status: 'prelaunch', running: false } })))
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    expect(qmp.greeting).toEqual({
      version: { qemu: { major: 7, minor: 2, micro: 22 }, package: 'Debian 1:7.2' },
      capabilities: ['oob'],
    })
    expect(await qmp.execute('query-status')).toEqual({ status: 'prelaunch', running: false })
    expect(fake.requests.map((r) => r.execute)).toEqual(['qmp_capabilities', 'query-status'])
    // Every request carries its own id.
    const ids = fake.requests.map((r) => r.id)
    expect(new Set(ids).size).toBe(2)
    expect(ids.every((id) => typeof id === 'number')).toBe(true)
    await qmp.close()
    await fake.allClosed()
  })

  it('waits for a socket QEMU has not created yet', async () => {
    const fake = await fakeQmp((req, write) => write(reply(req, { return: {} })), { delayListenMs: 150 })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 2000 })
    expect(qmp.greeting.version.qemu.major).toBe(7)
    await qmp.close()
  })

  it('gives up on a socket that never appears, naming it and the last error', async () => {
    const path = join(fakes.dir(), 'never.sock')
    const t0 = Date.now()
    const err = await QmpClient.connect(path, { timeoutMs: 300 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toContain(path)
    expect((err as Error).message).toContain('ENOENT')
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('stops waiting for the socket when QEMU is gone', async () => {
    const err = await QmpClient.connect(join(fakes.dir(), 'never.sock'), {
      timeoutMs: 5000,
      isAlive: () => false,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QemuExitedError)
  })

  it('times out on a peer that sends no greeting, and closes its socket', async () => {
    const fake = await fakeQmp(() => {}, { greeting: null })
    const t0 = Date.now()
    const err = await QmpClient.connect(fake.path, { timeoutMs: 300 }).catch((e: unknown) => e)
    const took = Date.now() - t0
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toContain('QMP greeting')
    expect(took).toBeGreaterThanOrEqual(290)
    expect(took).toBeLessThan(1000)
    await fake.allClosed()
  })

  it('rejects a first message that is not a greeting', async () => {
    const fake = await fakeQmp(() => {}, { greeting: '{"return": {}}\n' })
    const err = await QmpClient.connect(fake.path, { timeoutMs: 1000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as Error).message).toContain('{"return":{}}')
    await fake.allClosed()
  })
})

describe('QmpClient.execute', () => {
  it('never takes an event (or a stale reply) for the reply', async () => {
    const fake = await fakeQmp((req, write) => {
      const ev = (name: string, n: number): string =>
        JSON.stringify({ event: name, data: { n }, timestamp: { seconds: 1, microseconds: n } }) + '\r\n'
      // Two events, a reply to some other id and the real reply, one of them split.
      const all =
        ev('RESUME', 1) +
        '{"return": {"wrong": true}, "id": 9999}\r\n' +
        ev('STOP', 2) +
        reply(req, { return: { status: 'running' } })
      write(all.slice(0, 37))
      setTimeout(() => write(all.slice(37)), 20)
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    expect(await qmp.execute('query-status')).toEqual({ status: 'running' })
    await qmp.close()
  })

  it('matches concurrent commands to their replies by id, whatever the order', async () => {
    const held: Array<[Request, (t: string) => void]> = []
    const fake = await fakeQmp((req, write) => {
      held.push([req, write])
      if (held.length === 2) for (const [r, w] of held.reverse()) w(reply(r, { return: r.execute }))
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const [a, b] = await Promise.all([qmp.execute('query-status'), qmp.execute('query-version')])
    expect([a, b]).toEqual(['query-status', 'query-version'])
    await qmp.close()
    expect(fake.requests).toHaveLength(3)
  })

  it('passes arguments and turns an error reply into QmpCommandError; the client stays usable', async () => {
    const fake = await fakeQmp((req, write) => {
      if (req.execute === 'nope')
        write(reply(req, { error: { class: 'CommandNotFound', desc: 'The command nope has not been found' } }))
      else write(reply(req, { return: req.arguments ?? {} }))
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const err = await qmp.execute('nope').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QmpCommandError)
    expect(err).toMatchObject({
      command: 'nope',
      errorClass: 'CommandNotFound',
      desc: 'The command nope has not been found',
    })
    expect((err as Error).message).toBe(
      "QMP command 'nope' failed: CommandNotFound: The command nope has not been found",
    )
    expect(await qmp.execute('human-monitor-command', { 'command-line': 'info version' })).toEqual({
      'command-line': 'info version',
    })
    await qmp.close()
  })

  it('times out at the given time, ignores the late reply, and goes on', async () => {
    let first = true
    const fake = await fakeQmp((req, write) => {
      if (first) {
        first = false
        setTimeout(() => write(reply(req, { return: 'late' })), 400)
      } else {
        setTimeout(() => write(reply(req, { return: 'second' })), 450)
      }
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const t0 = Date.now()
    const err = await qmp.execute('query-status', undefined, 250).catch((e: unknown) => e)
    const took = Date.now() - t0
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toBe(
      `Timed out after 250 ms waiting for reply to QMP 'query-status' on ${fake.path}`,
    )
    expect(took).toBeGreaterThanOrEqual(245)
    expect(took).toBeLessThan(400)
    // The late 'late' reply lands while this one waits and must not be taken for it.
    expect(await qmp.execute('query-status', undefined, 2000)).toBe('second')
    await qmp.close()
  })

  it('fails with ConnectionClosedError when the peer closes mid-reply, showing the partial reply', async () => {
    const fake = await fakeQmp((_req, write, peer) => {
      write('{"return": {"sta')
      setTimeout(() => peer.end(), 20)
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const err = await qmp.execute('query-status').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConnectionClosedError)
    expect((err as ConnectionClosedError).byPeer).toBe(true)
    expect((err as Error).message).toContain('{"return": {"sta')
    // Later commands fail at once with the same error.
    await expect(qmp.execute('query-status')).rejects.toBe(err)
    await qmp.close()
    await fake.allClosed()
  })

  it.each([
    ['text', 'QEMU 7.2.22 monitor - type help for more information\r\n(qemu) ', /expected a JSON object/],
    ['an object that is not QMP', '{"hello": "world"}\r\n', /expected a QMP reply or event/],
  ])('fails with ProtocolError on %s, showing it', async (_name, garbage, detail) => {
    const fake = await fakeQmp((_req, write) => write(garbage))
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const err = await qmp.execute('query-status').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as Error).message).toMatch(detail)
    expect((err as ProtocolError).seen).toContain(
      garbage.includes('monitor') ? 'QEMU 7.2.22 monitor' : '"hello":"world"',
    )
    await qmp.close()
    await fake.allClosed()
  })

  it('bounds the garbage it quotes', async () => {
    const fake = await fakeQmp((_req, write) => write('#'.repeat(10_000) + '\n'))
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    const err = (await qmp.execute('query-status').catch((e: unknown) => e)) as ProtocolError
    expect(err).toBeInstanceOf(ProtocolError)
    expect(err.seen.length).toBeLessThan(240)
    expect(err.message.length).toBeLessThan(400)
    await qmp.close()
  })
})

describe('QmpClient shutdown', () => {
  it.each([
    [
      'replies, then closes (as QEMU does)',
      (req: Request, write: (t: string) => void, peer: net.Socket) => {
        write(reply(req, { return: {} }) + '{"event": "SHUTDOWN", "data": {"guest": false}}\r\n')
        peer.end()
      },
    ],
    ['closes without replying', (_req: Request, _write: (t: string) => void, peer: net.Socket) => peer.destroy()],
  ])('quit() succeeds when the peer %s', async (_name, script) => {
    const fake = await fakeQmp(script)
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    await qmp.quit(1000)
    expect(fake.requests.at(-1)?.execute).toBe('quit')
    await fake.allClosed()
  })

  it('quit() reports a peer that neither answers nor closes', async () => {
    const fake = await fakeQmp(() => {})
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    await expect(qmp.quit(200)).rejects.toBeInstanceOf(TimeoutError)
    await fake.allClosed()
  })

  it('leaves no timers or sockets behind after errors and close', async () => {
    const before = await settled()
    const fake = await fakeQmp((req, write) => {
      if (req.execute === 'slow') return
      write(reply(req, { return: {} }))
    })
    const qmp = await QmpClient.connect(fake.path, { timeoutMs: 1000 })
    await qmp.execute('x')
    await expect(qmp.execute('slow', undefined, 50)).rejects.toBeInstanceOf(TimeoutError)
    // No limit means no timer (not setTimeout's 1 ms for an overlong delay).
    let settledEarly = false
    const pendingForever = qmp.execute('slow', undefined, Infinity).catch((e: unknown) => e)
    void pendingForever.then(() => (settledEarly = true))
    await new Promise((r) => setTimeout(r, 50))
    expect(settledEarly).toBe(false)
    expect(timersNow()).toBe(before)
    await qmp.close()
    expect(await pendingForever).toBeInstanceOf(ConnectionClosedError)
    await fake.allClosed()
    expect(timersNow()).toBe(before)
  })
})
