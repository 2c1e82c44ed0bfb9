// The JSON framing shared by the QMP and guest-agent clients, and the socket wrapper.
import type net from 'node:net'
import { join } from 'node:path'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { useFakeServers } from '../fixtures/fake-server.js'

import {
  ConnectionClosedError,
  describeSeen,
  ProtocolError,
  SocketConnectError,
  TimeoutError,
} from '../../src/vm/errors.js'
import { JsonFramer, JsonSocket, MAX_QUEUED_MESSAGES, SENTINEL, type JsonObject } from '../../src/vm/jsonsock.js'

const b = (s: string): Buffer => Buffer.from(s, 'utf8')
const FF = Buffer.from([SENTINEL])

function feed(
  chunks: Buffer[],
  framer = new JsonFramer(),
): { messages: JsonObject[]; error?: { detail: string; seen: string } } {
  const messages: JsonObject[] = []
  for (const c of chunks) {
    const r = framer.push(c)
    messages.push(...r.messages)
    if (r.error) return { messages, error: r.error }
  }
  return { messages }
}

describe('JsonFramer', () => {
  it.each<[string, Buffer[], JsonObject[]]>([
    ['one object, one chunk', [b('{"return": {}}\n')], [{ return: {} }]],
    ['QMP greeting ending in CRLF', [b('{"QMP": {"version": {}}}\r\n')], [{ QMP: { version: {} } }]],
    ['several objects in one chunk', [b('{"a":1}\n{"b":2}\r\n{"c":3}')], [{ a: 1 }, { b: 2 }, { c: 3 }]],
    ['objects with no newline between them', [b('{"a":1}{"b":[1,{"c":2}]}')], [{ a: 1 }, { b: [1, { c: 2 }] }]],
    [
      'an object split over chunks',
      [b('{"ret'), b('urn": {"st'), b('atus": "running"}}\n')],
      [{ return: { status: 'running' } }],
    ],
    ['braces and escaped quotes inside strings', [b('{"desc": "a } b \\" { c \\\\"}\n')], [{ desc: 'a } b " { c \\' }]],
    [
      'a multi-byte character split between chunks',
      [Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xc3]), Buffer.from([0xa9, 0x22, 0x7d])],
      [{ x: 'é' }],
    ],
    ['a sentinel before a reply', [Buffer.concat([FF, b('{"return": 5}\n')])], [{ return: 5 }]],
    [
      'a sentinel cutting a partial object',
      [b('{"return": {"pid"'), Buffer.concat([FF, b('{"return": 7}')])],
      [{ return: 7 }],
    ],
    ['no object yet', [b('  \r\n  {"a": ')], []],
  ])('%s', (_name, chunks, expected) => {
    const r = feed(chunks)
    expect(r.error).toBeUndefined()
    expect(r.messages).toEqual(expected)
  })

  it('gives the same objects however the stream is cut (any split, any chunk sizes)', () => {
    const obj = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>
    fc.assert(
      fc.property(
        fc.array(obj, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1 }),
        (objs, sizes) => {
          const whole = b(objs.map((o) => JSON.stringify(o)).join('\r\n') + '\n')
          const chunks: Buffer[] = []
          for (let at = 0, i = 0; at < whole.length; i++) {
            const size = sizes[i % sizes.length]
            chunks.push(whole.subarray(at, at + size))
            at += size
          }
          const r = feed(chunks)
          expect(r.error).toBeUndefined()
          expect(r.messages).toEqual(JSON.parse(JSON.stringify(objs)))
        },
      ),
    )
  })

  it.each<[string, Buffer[], RegExp, string]>([
    ['text instead of JSON', [b('hello world\n{"a":1}\n')], /expected a JSON object/, 'hello world\\n'],
    ['a top-level array', [b('[1,2]\n')], /expected a JSON object/, '[1,2]\\n'],
    ['braces around something that is not JSON', [b('{abc}\n')], /invalid JSON/, '{abc}'],
    ['mismatched brackets', [b('{"a": [1}]\n')], /invalid JSON/, '{"a": [1}]'],
    ['binary noise', [Buffer.from([0x01, 0x02, 0x0a])], /expected a JSON object/, '\\x01\\x02\\n'],
  ])('garbage: %s is a protocol error that shows what was seen', (_name, chunks, detail, seen) => {
    const r = feed(chunks)
    expect(r.error?.detail).toMatch(detail)
    expect(r.error?.seen).toBe(seen)
  })

  it('keeps objects that arrived before garbage in the same chunk', () => {
    const r = feed([b('{"a":1}\n{"b":2}\nGARBAGE')])
    expect(r.messages).toEqual([{ a: 1 }, { b: 2 }])
    expect(r.error?.seen).toBe('GARBAGE')
  })

  it('bounds what it shows of long garbage to about 200 characters', () => {
    const r = feed([b('x'.repeat(5000))])
    expect(r.error?.seen.length).toBeLessThan(240)
    expect(r.error?.seen).toBe('x'.repeat(200) + '… (4800 more bytes)')
  })

  it('stops at a message larger than the limit', () => {
    const framer = new JsonFramer(1000)
    const r = feed([b('{"data": "'), b('y'.repeat(600)), b('y'.repeat(600))], framer)
    expect(r.error?.detail).toMatch(/longer than 1000 bytes/)
  })

  it('skipUntilSentinel drops stale replies and garbage until 0xFF, and says what it dropped', () => {
    const framer = new JsonFramer()
    framer.skipUntilSentinel()
    const r = feed(
      [
        b('{"error": {"class": "GenericError"}}\nstale junk {'),
        Buffer.concat([FF, b('{"return": 42}\n{"return": 43}\n')]),
      ],
      framer,
    )
    expect(r.error).toBeUndefined()
    expect(r.messages).toEqual([{ return: 42 }, { return: 43 }])
    expect(framer.discarded.bytes).toBe(49)
    expect(framer.discarded.sample).toContain('stale junk {')
  })

  it('reports the partial message it holds (for a peer closing mid-message)', () => {
    const framer = new JsonFramer()
    framer.push(b('{"return": {"sta'))
    expect(framer.partial()).toBe('{"return": {"sta')
    framer.push(b('tus": 1}}'))
    expect(framer.partial()).toBe('')
    framer.push(b('{"data": "' + 'z'.repeat(300)))
    framer.push(b('z'.repeat(700)))
    expect(framer.partial()).toBe('{"data": "' + 'z'.repeat(190) + '… (810 more bytes)')
  })
})

describe('describeSeen', () => {
  it.each([
    ['plain', 'plain'],
    ['a\r\nb\t', 'a\\r\\nb\\t'],
    [Buffer.from([0xff, 0x7b]), '\\xff{'],
  ])('%j → %j', (input, out) => {
    expect(describeSeen(input)).toBe(out)
  })
})

describe('JsonSocket', () => {
  const fakes = useFakeServers('jsonsock-test-')

  async function listen(onConn: (s: net.Socket) => void): Promise<string> {
    const { path, listening } = fakes.unix('peer.sock', onConn)
    await listening
    return path
  }

  it('hands out queued objects, then the close; and frees the socket', async () => {
    let peerClosed!: Promise<void>
    const path = await listen((s) => {
      peerClosed = new Promise((r) => s.on('close', () => r()))
      s.end('{"a":1}\n{"b":2}\n')
    })
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    expect(await sock.next({ timeoutMs: 1000, what: 'a' })).toEqual({ a: 1 })
    expect(await sock.next({ timeoutMs: 1000, what: 'b' })).toEqual({ b: 2 })
    const err = await sock.next({ timeoutMs: 1000, what: 'c' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConnectionClosedError)
    expect((err as ConnectionClosedError).byPeer).toBe(true)
    await sock.close()
    await peerClosed
    expect(sock.isOpen).toBe(false)
  })

  it('times out a wait after timeoutMs, and the socket stays usable', async () => {
    let peer!: net.Socket
    const path = await listen((s) => (peer = s))
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    const t0 = Date.now()
    const err = await sock.next({ timeoutMs: 150, what: 'a quiet peer' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toBe('Timed out after 150 ms waiting for a quiet peer')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145)
    peer.write('{"late": true}\n')
    expect(await sock.next({ timeoutMs: 1000, what: 'late' })).toEqual({ late: true })
    await sock.close()
  })

  it('sends one line per object, with an optional prefix byte', async () => {
    const received: Buffer[] = []
    let gotAll!: () => void
    const done = new Promise<void>((r) => (gotAll = r))
    const path = await listen((s) =>
      s.on('data', (d: Buffer) => {
        received.push(d)
        if (Buffer.concat(received).includes(b('"y"'))) gotAll()
      }),
    )
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    sock.send({ execute: 'x' }, FF)
    sock.send({ execute: 'y' })
    await done
    expect(Buffer.concat(received)).toEqual(Buffer.concat([FF, b('{"execute":"x"}\n{"execute":"y"}\n')]))
    await sock.close()
    expect(() => sock.send({ execute: 'z' })).toThrow(ConnectionClosedError)
  })

  it('fails pending waits with a ProtocolError on garbage', async () => {
    const path = await listen((s) => setTimeout(() => s.write('Welcome to the serial console\n'), 20))
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    const err = await sock.next({ timeoutMs: 1000, what: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as Error).message).toContain('Welcome to the serial console')
    expect((err as Error).message).toContain(path)
    await sock.close()
  })

  it('says so when nothing listens at the path', async () => {
    const err = await JsonSocket.connect(join(fakes.dir(), 'missing.sock'), { timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(SocketConnectError)
    expect((err as SocketConnectError).code).toBe('ENOENT')
  })

  it('a peer flooding messages nobody asked for is cut off at the queue bound, its backlog dropped', async () => {
    let peerClosed!: Promise<void>
    let written = 0
    const path = await listen((s) => {
      peerClosed = new Promise((r) => s.on('close', () => r()))
      s.on('error', () => {})
      // Unsolicited events, as fast as the socket takes them, until we are cut off.
      const flood = (): void => {
        while (!s.destroyed && written < 100_000) {
          written++
          if (!s.write(`{"event": "RTC_CHANGE", "data": {"offset": ${written}}}\n`)) return void s.once('drain', flood)
        }
      }
      flood()
    })
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    await peerClosed
    expect(written).toBeLessThan(100_000)
    expect(sock.queued).toBe(0)
    const err = (await sock.next({ timeoutMs: 1000, what: 'x' }).catch((e: unknown) => e)) as ProtocolError
    expect(err).toBeInstanceOf(ProtocolError)
    expect(err.message).toContain(`${MAX_QUEUED_MESSAGES + 1} messages`)
    expect(err.message).toContain('arrived that nobody asked for')
    expect(err.message).toContain('the peer floods the socket')
    await sock.close()
  })

  const until = async (cond: () => boolean): Promise<void> => {
    while (!cond()) await new Promise((r) => setTimeout(r, 5))
  }
  const big = (n: number): string => JSON.stringify({ n, pad: 'x'.repeat(1000) }) + '\n'

  it('the queue is bounded in bytes too', async () => {
    const path = await listen((s) => s.write(big(1) + big(2) + big(3)))
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000, maxQueued: { messages: 100, bytes: 2500 } })
    await until(() => !sock.isOpen)
    const err = (await sock.next({ timeoutMs: 1000, what: 'x' }).catch((e: unknown) => e)) as ProtocolError
    expect(err).toBeInstanceOf(ProtocolError)
    expect(err.message).toMatch(
      /3 messages \(\d+ bytes\) arrived that nobody asked for \(at most 100 messages or 2500 bytes/,
    )
    await sock.close()
  })

  it('within both bounds, unread messages are all handed out', async () => {
    const path = await listen((s) => s.write(big(1) + big(2)))
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000, maxQueued: { messages: 2, bytes: 2500 } })
    await until(() => sock.queued === 2)
    expect(await sock.next({ timeoutMs: 1000, what: 'x' })).toMatchObject({ n: 1 })
    expect(await sock.next({ timeoutMs: 1000, what: 'x' })).toMatchObject({ n: 2 })
    expect(sock.isOpen).toBe(true)
    await sock.close()
  })

  it('rejects a wait at once when its signal aborts', async () => {
    const path = await listen(() => {})
    const sock = await JsonSocket.connect(path, { timeoutMs: 1000 })
    const ctl = new AbortController()
    const p = sock.next({ timeoutMs: 10_000, what: 'x', signal: ctl.signal })
    ctl.abort(new Error('stop'))
    await expect(p).rejects.toThrow('stop')
    await sock.close()
  })
})
