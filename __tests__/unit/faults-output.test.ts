// Issue 8, output: the byte stream of the command's output port cut into lines without losing,
// adding or reordering a byte, whatever the bytes and however they are chunked; the end
// marker found even when split or glued to a last line without newline. (The analysis of the
// lines, bounded and linear, is tested in report-tail-bound and report-analysis-linear.)
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { LineSplitter, MAX_LINE_BYTES } from '../../src/analysis/lines.js'
import { OutputPort } from '../../src/vm/output-port.js'
import { LogFile } from '../../src/vm/target-logs.js'

const dir = mkdtempSync(join(tmpdir(), 'vmt8-output-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Bytes that matter to line splitting and decoding: newline, CR, NUL, invalid UTF-8, ESC,
// and a multi-byte character that a cut can split.
const awkwardByte = fc.constantFrom(10, 13, 0, 0xff, 0xfe, 0x1b, 0xc3, 0xa9, 0x61, 0x3a)
const awkwardBytes = fc.array(awkwardByte, { maxLength: 400 }).map((a) => Buffer.from(a))

/** Cut `data` at the given (sorted, deduplicated) offsets. */
function chunksOf(data: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const c of [...at, data.length]) {
    out.push(data.subarray(prev, c))
    prev = c
  }
  return out
}

describe('LineSplitter', () => {
  it('delivers every byte exactly once, in order, however the stream is chunked', () => {
    fc.assert(
      fc.property(awkwardBytes, fc.array(fc.nat(), { maxLength: 20 }), (data, cuts) => {
        const raws: Buffer[] = []
        const texts: string[] = []
        const s = new LineSplitter((text, raw, newline) => {
          raws.push(raw, newline ? Buffer.from('\n') : Buffer.alloc(0))
          texts.push(text)
        })
        for (const c of chunksOf(data, cuts)) s.push(c)
        s.end()
        expect(Buffer.concat(raws).equals(data)).toBe(true)
        // Text is the decoded line, minus one trailing CR.
        const expected = data.toString('latin1').split('\n')
        if (expected[expected.length - 1] === '') expected.pop()
        expect(texts.length).toBe(expected.length)
      }),
      { numRuns: 500 },
    )
  })

  it('cuts a line longer than MAX_LINE_BYTES into bounded pieces, keeping all bytes', () => {
    const long = Buffer.alloc(MAX_LINE_BYTES * 3 + 123, 0x78)
    const pieces: number[] = []
    const raws: Buffer[] = []
    const s = new LineSplitter((_text, raw) => {
      pieces.push(raw.length)
      raws.push(raw)
    }, 40)
    for (let i = 0; i < long.length; i += 65536) s.push(long.subarray(i, i + 65536))
    s.end()
    expect(Buffer.concat(raws).equals(long)).toBe(true)
    expect(Math.max(...pieces)).toBeLessThan(MAX_LINE_BYTES + 65536)
  })
})

/** A one-shot server standing in for QEMU's output-port socket: sends `chunks`, then holds. */
async function fakePort(
  chunks: Buffer[],
  opts: { pauseEvery?: number } = {},
): Promise<{ path: string; close(): Promise<void> }> {
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}.sock`)
  const peers = new Set<net.Socket>()
  const server = net.createServer((peer) => {
    peers.add(peer)
    peer.on('error', () => {})
    void (async () => {
      for (let i = 0; i < chunks.length; i++) {
        await new Promise<void>((r) => peer.write(chunks[i], () => r()))
        // Let the host see separate reads now and then.
        if (opts.pauseEvery && i % opts.pauseEvery === 0) await new Promise((r) => setTimeout(r, 1))
      }
    })()
  })
  await new Promise<void>((r) => server.listen(path, r))
  return {
    path,
    close: async () => {
      for (const p of peers) p.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}

async function throughPort(
  chunks: Buffer[],
  marker: string,
  opts: { pauseEvery?: number } = {},
): Promise<{ log: Buffer; lines: string[]; status: number; ready?: string }> {
  const fake = await fakePort(chunks, opts)
  const logFile = join(dir, `log-${Math.random().toString(36).slice(2)}`)
  const lines: string[] = []
  const log = new LogFile(openSync(logFile, 'w'), logFile, Infinity)
  const port = new OutputPort({ socketPath: fake.path, marker, log, onLine: (l) => lines.push(l) })
  await port.connect()
  let ready: string | undefined
  void port.ready.then((r) => (ready = r))
  const status = await Promise.race([
    port.ended,
    new Promise<number>((_, rej) => setTimeout(() => rej(new Error('no end marker')), 10_000)),
  ])
  await port.close()
  await log.end()
  await fake.close()
  const logged = readFileSync(logFile)
  rmSync(logFile)
  return { log: logged, lines, status, ready }
}

describe('OutputPort', () => {
  const marker = 'VMTEST-END-0123456789abcdef0123456789abcdef'

  it('logs the bytes verbatim and finds the end marker, however both are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        awkwardBytes,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 0, max: 255 }),
        async (data, cuts, status) => {
          const stream = Buffer.concat([data, Buffer.from(`${marker} ${status}\n`)])
          const r = await throughPort(chunksOf(stream, cuts), marker)
          expect(r.log.equals(data)).toBe(true)
          expect(r.status).toBe(status)
        },
      ),
      { numRuns: 60 },
    )
  })

  it("a kernel target's init: its ready line (with the release) is the host's, not output", async () => {
    const data = Buffer.from('out 1\nout 2\n')
    const stream = Buffer.concat([
      Buffer.from(`${marker} ready 6.1.0-vmtest+ x\n`),
      data,
      Buffer.from(`${marker} 137\n`),
    ])
    const r = await throughPort(chunksOf(stream, [marker.length - 3, marker.length + 9]), marker)
    expect(r.ready).toBe('6.1.0-vmtest+ x')
    expect(r.status).toBe(137)
    expect(r.log.equals(data)).toBe(true)
    expect(r.lines).toEqual(['out 1', 'out 2'])
  })

  it('a last line without newline and a 3 MiB line glued to the marker are kept whole', async () => {
    const big = Buffer.alloc(3 * MAX_LINE_BYTES + 7, 0x41)
    const data = Buffer.concat([Buffer.from('first\r\nno newline:'), Buffer.from([0, 0xff]), Buffer.from('\n'), big])
    const stream = Buffer.concat([data, Buffer.from(`${marker} 3\n`), Buffer.from('after the marker\n')])
    // 4093-byte chunks: the marker is cut in two whatever its offset.
    const chunks: Buffer[] = []
    for (let i = 0; i < stream.length; i += 4093) chunks.push(stream.subarray(i, i + 4093))
    const r = await throughPort(chunks, marker, { pauseEvery: 16 })
    expect(r.status).toBe(3)
    expect(r.log.subarray(0, data.length).equals(data)).toBe(true)
    expect(r.lines[0]).toBe('first')
    expect(r.lines[1]).toBe('no newline:\0\ufffd')
    expect(r.lines.slice(2).join('').length).toBeGreaterThanOrEqual(big.length)
  })
})
