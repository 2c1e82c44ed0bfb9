// fetchArtifact against a local HTTP server on 127.0.0.1: success, cache hit without a second
// request, checksum mismatch, 404, truncated body, unpacking of compressed images; progress
// from a server that trickles bytes, and stalls (headers then silence, no answer at all) that
// fail with the redacted URL and leave nothing behind.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fetchArtifact as fetchArtifactFrom, type FetchArtifactOptions } from '../../src/setup/download.js'
import { ChecksumError, DownloadError } from '../../src/setup/errors.js'
import { liveProgress, logProgress } from '../../src/setup/progress.js'

const kernelBody = Buffer.from('fake bzImage ' + 'k'.repeat(4000))
const imageBody = Buffer.from('fake disk image ' + 'i'.repeat(100_000))
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

const compress = (program: string, args: string[], input: Buffer): Buffer => execFileSync(program, args, { input })

const routes: Record<string, (res: http.ServerResponse) => unknown> = {
  '/bzImage': (res) => {
    res.writeHead(200, { 'Content-Length': kernelBody.length })
    res.end(kernelBody)
  },
  '/missing': (res) => {
    res.writeHead(404)
    res.end('not here')
  },
  '/truncated': (res) => {
    // Promise 1000 bytes, send 100, then drop the connection.
    res.writeHead(200, { 'Content-Length': 1000 })
    res.write(Buffer.alloc(100, 1))
    setTimeout(() => res.socket?.destroy(), 20)
  },
  '/disk.img.gz': (res) => res.end(gzipSync(imageBody)),
  '/disk.img.xz': (res) => res.end(compress('xz', ['-c'], imageBody)),
  '/disk.img.zst': (res) => res.end(compress('zstd', ['-c', '-q'], imageBody)),
  '/broken.img.gz': (res) => res.end(Buffer.from('this is not gzip')),
  '/trickle/big.img': (res) => trickle(res, 'big.img', true),
  '/trickle-unsized/big.img': (res) => trickle(res, 'big.img', false),
  // Headers and a first part, then silence with the connection open.
  '/stall/vmlinuz': (res) => {
    res.writeHead(200, { 'Content-Length': 10_000 })
    res.write(Buffer.alloc(3000, 7))
  },
  // Accepts the request and never answers.
  '/silent/vmlinuz': () => undefined,
  '/moved/bzImage': (res) => {
    res.writeHead(302, { Location: '/bzImage' })
    res.end()
  },
  '/flaky/vmlinuz': (res) => {
    flakyCalls++
    if (flakyCalls === 1) {
      res.writeHead(503)
      res.end()
    } else res.end(kernelBody)
  },
}
let flakyCalls = 0

/** The test's clock: the trickling server moves it, one second per chunk. */
let clock = 0
const now = (): number => clock
const CHUNK = 4096
const CHUNKS = 10

/** Sends CHUNKS chunks, moving the clock one second before each and waiting until the client
 *  has written the previous one to disk, so each chunk is read alone at a known time. */
async function trickle(res: http.ServerResponse, fileName: string, sized: boolean): Promise<void> {
  clock = 0
  res.writeHead(200, sized ? { 'Content-Length': CHUNK * CHUNKS } : {})
  res.flushHeaders()
  for (let k = 1; k <= CHUNKS; k++) {
    await until(() => downloadedSize(fileName) >= (k - 1) * CHUNK)
    clock = k * 1000
    res.write(Buffer.alloc(CHUNK, k))
  }
  res.end()
}

/** Size of the download in progress under RUNNER_TEMP (-1 before the client opened it). */
function downloadedSize(fileName: string): number {
  const temp = process.env.RUNNER_TEMP!
  for (const d of fs.existsSync(temp) ? fs.readdirSync(temp) : []) {
    const f = path.join(temp, d, fileName)
    if (fs.existsSync(f)) return fs.statSync(f).size
  }
  return -1
}

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((resolve) => setTimeout(resolve, 2))
}

const lines: string[] = []
const warnings: string[] = []
const log = (line: string, level?: string): void => {
  lines.push(line)
  if (level === 'warning') warnings.push(line)
}

let server: http.Server
let base = ''
const requests: string[] = []
let work = ''
let toolCacheDir = ''
const saved = { temp: process.env.RUNNER_TEMP }
// Retries wait 10-20 s by default; no waiting in tests.
const fetchArtifact = (o: FetchArtifactOptions): Promise<string> => fetchArtifactFrom({ retryDelayMs: () => 0, ...o })

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    if (route) void route(res)
    else {
      res.writeHead(500)
      res.end()
    }
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-dl-'))
  toolCacheDir = path.join(work, 'tool-cache')
  process.env.RUNNER_TEMP = path.join(work, 'temp')
  requests.length = 0
  lines.length = 0
  warnings.length = 0
  flakyCalls = 0
})

afterEach(() => {
  if (saved.temp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = saved.temp
  fs.rmSync(work, { recursive: true, force: true })
})

describe('fetchArtifact', () => {
  it('downloads, verifies the digest, and serves a rerun from the tool cache without a request', async () => {
    const url = `${base}/bzImage`
    const first = await fetchArtifact({ url, sha256: sha(kernelBody).toUpperCase(), kind: 'kernel', log, toolCacheDir })
    expect(path.isAbsolute(first)).toBe(true)
    expect(first.startsWith(toolCacheDir)).toBe(true)
    expect(path.basename(first)).toBe('bzImage')
    expect(fs.readFileSync(first).equals(kernelBody)).toBe(true)
    expect(requests).toEqual(['/bzImage'])

    const second = await fetchArtifact({ url, sha256: sha(kernelBody), kind: 'kernel', log, toolCacheDir })
    expect(second).toBe(first)
    expect(requests).toEqual(['/bzImage'])
    // the temp download folder is cleaned up
    expect(fs.readdirSync(process.env.RUNNER_TEMP!)).toEqual([])
  })

  it('a file planted in the tool cache over a pinned download is re-checked, warned about and downloaded again', async () => {
    const url = `${base}/bzImage`
    const first = await fetchArtifact({ url, sha256: sha(kernelBody), kind: 'kernel', log, toolCacheDir })
    warnings.length = 0
    // A later job on a persistent runner overwrites the cached kernel (and even its record).
    fs.writeFileSync(first, 'planted kernel')
    fs.writeFileSync(
      `${first}.vmtest-sha256.json`,
      JSON.stringify({ sha256: sha(Buffer.from('planted kernel')), source: sha(Buffer.from('planted kernel')) }),
    )
    const again = await fetchArtifact({ url, sha256: sha(kernelBody), kind: 'kernel', log, toolCacheDir })
    expect(fs.readFileSync(again).equals(kernelBody)).toBe(true)
    expect(requests).toEqual(['/bzImage', '/bzImage'])
    expect(warnings.join('\n')).toMatch(/not using cached .*bzImage: its sha256 [0-9a-f]{64} is not the pinned/)
  })

  it('an unpinned download is checked against the digest recorded when it was made', async () => {
    const url = `${base}/disk.img.xz`
    const first = await fetchArtifact({ url, kind: 'image', log, toolCacheDir })
    warnings.length = 0
    fs.appendFileSync(first, 'tampered')
    const again = await fetchArtifact({ url, kind: 'image', log, toolCacheDir })
    expect(fs.readFileSync(again).equals(imageBody)).toBe(true)
    expect(requests).toEqual(['/disk.img.xz', '/disk.img.xz'])
    expect(warnings.join('\n')).toMatch(/differs from [0-9a-f]{64}, recorded when it was downloaded/)
    // Untouched, it is a hit again.
    await fetchArtifact({ url, kind: 'image', log, toolCacheDir })
    expect(requests).toHaveLength(2)
  })

  it('a cached file without a digest record (planted, or from an older version) is downloaded again', async () => {
    const url = `${base}/bzImage`
    const first = await fetchArtifact({ url, kind: 'kernel', log, toolCacheDir })
    fs.rmSync(`${first}.vmtest-sha256.json`)
    await fetchArtifact({ url, kind: 'kernel', log, toolCacheDir })
    expect(requests).toEqual(['/bzImage', '/bzImage'])
    expect(warnings.join('\n')).toMatch(/no digest record/)
  })

  it('a different digest for the same URL is a different cache entry', async () => {
    const url = `${base}/bzImage`
    await fetchArtifact({ url, kind: 'kernel', log, toolCacheDir })
    await fetchArtifact({ url, sha256: sha(kernelBody), kind: 'kernel', log, toolCacheDir })
    expect(requests).toEqual(['/bzImage', '/bzImage'])
  })

  it('rejects a checksum mismatch naming both digests, and caches nothing', async () => {
    const wrong = 'ab'.repeat(32)
    const err = await fetchArtifact({ url: `${base}/bzImage`, sha256: wrong, kind: 'kernel', log, toolCacheDir }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ChecksumError)
    const msg = (err as Error).message
    expect(msg).toContain(wrong)
    expect(msg).toContain(sha(kernelBody))
    expect(msg).toContain('kernel_sha256')
    expect(fs.existsSync(path.join(toolCacheDir, 'vmtest-kernel'))).toBe(false)
  })

  it('rejects a malformed digest before downloading', async () => {
    await expect(
      fetchArtifact({ url: `${base}/bzImage`, sha256: 'abc', kind: 'image', log, toolCacheDir }),
    ).rejects.toThrow(/invalid value 'abc' for image_sha256: expected a SHA-256/)
    expect(requests).toEqual([])
  })

  it('reports 404 with the URL, without retrying', async () => {
    const err = await fetchArtifact({ url: `${base}/missing`, kind: 'image', log, toolCacheDir }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DownloadError)
    expect((err as Error).message).toBe(`image_url: ${base}/missing returned HTTP 404 (not found): check the URL`)
    expect(requests).toEqual(['/missing'])
  })

  it('reports a truncated body (Content-Length larger than what arrives)', async () => {
    const err = await fetchArtifact({ url: `${base}/truncated`, kind: 'kernel', log, toolCacheDir }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DownloadError)
    expect((err as Error).message).toMatch(/^kernel_url: download of .*\/truncated was truncated/)
    expect(requests.length).toBeGreaterThanOrEqual(1)
    expect(fs.existsSync(path.join(toolCacheDir, 'vmtest-kernel'))).toBe(false)
  })

  it.each(['gz', 'xz', 'zst'])('unpacks a .%s image and verifies the digest of the compressed file', async (ext) => {
    const url = `${base}/disk.img.${ext}`
    // the digest is of what the URL serves; compute it from a first unverified fetch's request
    const served = await new Promise<Buffer>((resolve, reject) => {
      http.get(url, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks)))
        res.on('error', reject)
      })
    })
    requests.length = 0
    const p = await fetchArtifact({ url, sha256: sha(served), kind: 'image', log, toolCacheDir })
    expect(path.basename(p)).toBe('disk.img')
    expect(fs.readFileSync(p).equals(imageBody)).toBe(true)
    expect(requests).toEqual([`/disk.img.${ext}`])
  })

  it('says which image is not valid gzip', async () => {
    await expect(fetchArtifact({ url: `${base}/broken.img.gz`, kind: 'image', log, toolCacheDir })).rejects.toThrow(
      /image_url: broken\.img\.gz is not a valid gzip file/,
    )
  })

  it('names the program to install when xz is missing', async () => {
    const exec = async () => ({ exitCode: 127, stdout: '', stderr: 'xz: command not found' })
    await expect(fetchArtifact({ url: `${base}/disk.img.xz`, kind: 'image', log, toolCacheDir, exec })).rejects.toThrow(
      /needs the xz program.*apt-get install xz-utils/,
    )
  })

  it('rejects URLs that are not http(s)', async () => {
    await expect(fetchArtifact({ url: 'ftp://example.com/x', kind: 'kernel', log, toolCacheDir })).rejects.toThrow(
      /for kernel_url: expected an http:\/\/ or https:\/\/ URL/,
    )
    await expect(fetchArtifact({ url: 'not a url', kind: 'kernel', log, toolCacheDir })).rejects.toThrow(
      /invalid value 'not a url' for kernel_url/,
    )
  })
})

describe('download progress and stalls', () => {
  const total = CHUNK * CHUNKS

  it('prints percent, size and rate every interval of the clock, not per chunk, then a closing line', async () => {
    const progress = logProgress(log, 3000)
    const p = await fetchArtifact({ url: `${base}/trickle/big.img`, kind: 'image', log, toolCacheDir, progress, now })
    expect(fs.statSync(p).size).toBe(total)
    // 10 chunks, one a second, a line every 3 s: at 3, 6 and 9 s, then the closing line.
    expect(lines.filter((l) => l.startsWith('image_url: ') && !/downloading|sha256/.test(l))).toEqual([
      'image_url: 30% (12.0 KiB of 40.0 KiB), 4.0 KiB/s, about 7 s left',
      'image_url: 60% (24.0 KiB of 40.0 KiB), 4.0 KiB/s, about 4 s left',
      'image_url: 90% (36.0 KiB of 40.0 KiB), 4.0 KiB/s, about 1 s left',
      'image_url: 40.0 KiB in 10 s, 4.0 KiB/s',
    ])
  })

  it('without a Content-Length, says how much arrived so far', async () => {
    await fetchArtifact({
      url: `${base}/trickle-unsized/big.img`,
      kind: 'image',
      log,
      toolCacheDir,
      progress: logProgress(log, 4000),
      now,
    })
    expect(lines.filter((l) => /so far| in \d+ s/.test(l))).toEqual([
      'image_url: 16.0 KiB so far, 4.0 KiB/s',
      'image_url: 32.0 KiB so far, 4.0 KiB/s',
      'image_url: 40.0 KiB in 10 s, 4.0 KiB/s',
    ])
  })

  it('on a terminal, redraws one line with \\r and clears it at the end', async () => {
    const writes: string[] = []
    const out = { write: (t: string) => writes.push(t), columns: 100 }
    await fetchArtifact({
      url: `${base}/trickle/big.img`,
      kind: 'image',
      log,
      toolCacheDir,
      progress: liveProgress(out, log, 2000),
      now,
    })
    // Redrawn at 2, 4, 6, 8 and 10 s, never with a newline; then cleared.
    expect(writes).toHaveLength(6)
    for (const w of writes.slice(0, 5)) {
      expect(w.endsWith('\x1b[K')).toBe(true)
      expect(w.slice(0, -3)).toMatch(/^\rimage_url \[[#-]{30}\] \d+% {2}[\d.]+ KiB \/ 40\.0 KiB {2}4\.0 KiB\/s/)
    }
    expect(writes[1]).toBe(
      '\rimage_url [############------------------] 40%  16.0 KiB / 40.0 KiB  4.0 KiB/s  about 6 s left\x1b[K',
    )
    expect(writes.join('')).not.toContain('\n')
    expect(writes[5]).toBe('\r\x1b[K')
    expect(lines).toContain('image_url: 40.0 KiB in 10 s, 4.0 KiB/s')
  })

  it('a download that stops sending fails after the stall limit, naming the URL without secrets; nothing is left', async () => {
    const url = `${base.replace('//', '//user:hunter2@')}/stall/vmlinuz?token=s3cret&x=1`
    const err = await fetchArtifact({ url, kind: 'kernel', log, toolCacheDir, stallMs: 200 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DownloadError)
    expect((err as Error).message).toBe(
      `kernel_url: download of ${base.replace('//', '//***@')}/stall/vmlinuz?token=***&x=*** stalled: no data for 0.2 s after 2.9 KiB of 9.8 KiB ` +
        `(3 attempts). The server stopped sending; try again, or check the server.`,
    )
    expect(requests).toHaveLength(3)
    expect([...lines, (err as Error).message].join('\n')).not.toMatch(/hunter2|s3cret/)
    expect(fs.readdirSync(process.env.RUNNER_TEMP!)).toEqual([])
    expect(fs.existsSync(path.join(toolCacheDir, 'vmtest-kernel'))).toBe(false)
  })

  it('a server that accepts the request and never answers fails after the stall limit too', async () => {
    const err = await fetchArtifact({
      url: `${base}/silent/vmlinuz`,
      kind: 'kernel',
      log,
      toolCacheDir,
      stallMs: 200,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DownloadError)
    expect((err as Error).message).toBe(
      `kernel_url: download of ${base}/silent/vmlinuz stalled: no response from ${new URL(base).host} for 0.2 s (3 attempts). ` +
        `Check the URL and the network, and try again.`,
    )
    expect(requests).toHaveLength(3)
    expect(fs.readdirSync(process.env.RUNNER_TEMP!)).toEqual([])
  })

  it('follows a redirect', async () => {
    const p = await fetchArtifact({ url: `${base}/moved/bzImage`, kind: 'kernel', log, toolCacheDir })
    expect(fs.readFileSync(p).equals(kernelBody)).toBe(true)
    expect(requests).toEqual(['/moved/bzImage', '/bzImage'])
  })

  it('retries a 503 and says so', async () => {
    const p = await fetchArtifact({ url: `${base}/flaky/vmlinuz`, kind: 'kernel', log, toolCacheDir })
    expect(fs.readFileSync(p).equals(kernelBody)).toBe(true)
    expect(lines).toContain('kernel_url: attempt 1 of 3 failed (HTTP 503); trying again in 0 s')
  })
})
