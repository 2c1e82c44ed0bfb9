// Streams an http(s) URL into a file, with what @actions/tool-cache's downloadTool lacks for
// multi-GB kernels and images: progress reports while bytes arrive, and a stall limit (no
// bytes — or no answer at all — for `stallMs` fails the attempt instead of hanging the job).
// Like downloadTool it follows redirects, honours the runner's proxy settings (through
// @actions/http-client's agent) and retries 5xx / 408 / 429 and network failures.
import { createWriteStream } from 'node:fs'
import * as fs from 'node:fs/promises'
import * as http from 'node:http'
import * as https from 'node:https'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HttpClient } from '@actions/http-client'
import type { Log } from './exec.js'
import { formatDuration, Meter, type Clock, type ProgressSink } from './progress.js'

/** No byte (or no response) for this long fails an attempt. A healthy mirror never pauses
 *  that long; a stalled connection would otherwise hold the job until its timeout. */
export const DEFAULT_STALL_MS = 60_000
const DEFAULT_ATTEMPTS = 3
const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface HttpDownloadOptions {
  /** Names the transfer in progress lines (`kernel_url`). */
  label: string
  progress: ProgressSink
  log: Log
  stallMs?: number
  attempts?: number
  /** Wait before attempt `n` (2, 3, …); default 10–20 s, as tool-cache. */
  retryDelayMs?: (attempt: number) => number
  now?: Clock
}

/** The server answered with a status other than 200 (after redirects). */
export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
  }
}

/** Nothing arrived for `silentMs`: before the response (`response`) or within the body. */
export class StallError extends Error {
  constructor(
    readonly phase: 'response' | 'body',
    readonly silentMs: number,
    readonly received: number,
    readonly total?: number,
  ) {
    super(`no data for ${formatDuration(silentMs)}`)
  }
}

/** The connection closed before the announced body length arrived. */
export class TruncatedError extends Error {
  constructor(
    readonly received: number,
    readonly total?: number,
  ) {
    super('the connection closed before the whole body arrived')
  }
}

/** The last attempt's error and how many attempts were made. */
export class DownloadFailure extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number,
  ) {
    super(last instanceof Error ? last.message : String(last))
  }
}

const retryable = (err: unknown): boolean => {
  if (err instanceof HttpStatusError) return err.status >= 500 || err.status === 408 || err.status === 429
  const code = (err as NodeJS.ErrnoException)?.code
  return code !== 'ENOTFOUND' && code !== 'ERR_REDIRECT_DOWNGRADE'
}

const defaultDelay = (): number => 10_000 + Math.floor(Math.random() * 10_000)

/** Downloads `url` to `dest`; on failure `dest` is gone and a DownloadFailure says why. */
export async function httpDownload(url: string, dest: string, o: HttpDownloadOptions): Promise<void> {
  const attempts = o.attempts ?? DEFAULT_ATTEMPTS
  for (let i = 1; ; i++) {
    try {
      await attemptOnce(new URL(url), dest, o)
      return
    } catch (err) {
      await fs.rm(dest, { force: true })
      if (i >= attempts || !retryable(err)) throw new DownloadFailure(err, i)
      const wait = (o.retryDelayMs ?? defaultDelay)(i + 1)
      o.log(
        `${o.label}: attempt ${i} of ${attempts} failed (${(err as Error).message}); trying again in ${formatDuration(wait)}`,
      )
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }
}

async function attemptOnce(url: URL, dest: string, o: HttpDownloadOptions): Promise<void> {
  const stallMs = o.stallMs ?? DEFAULT_STALL_MS
  const res = await openResponse(url, stallMs)
  const length = Number(res.headers['content-length'])
  const total = Number.isSafeInteger(length) && length >= 0 && !res.headers['content-encoding'] ? length : undefined
  const meter = new Meter(o.label, o.progress, total, o.now)
  let stalled: StallError | undefined
  // Re-armed by every chunk (refresh() is cheap): fires only after stallMs of silence.
  const watchdog = setTimeout(() => {
    stalled = new StallError('body', stallMs, meter.bytes, total)
    res.destroy(stalled)
  }, stallMs)
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      watchdog.refresh()
      meter.add(chunk.length)
      done(null, chunk)
    },
  })
  try {
    await pipeline(res, counter, createWriteStream(dest))
    if (total !== undefined && meter.bytes !== total) throw new TruncatedError(meter.bytes, total)
  } catch (err) {
    meter.finish(false)
    if (stalled) throw stalled
    if (err instanceof TruncatedError || isPrematureClose(err)) throw new TruncatedError(meter.bytes, total)
    throw err
  } finally {
    clearTimeout(watchdog)
  }
  meter.finish(true)
}

const isPrematureClose = (err: unknown): boolean => {
  const e = err as NodeJS.ErrnoException
  return e?.message === 'aborted' || e?.code === 'ECONNRESET' || e?.code === 'ERR_STREAM_PREMATURE_CLOSE'
}

/** Follows redirects to a 200 response (refusing https → http). */
async function openResponse(start: URL, stallMs: number): Promise<http.IncomingMessage> {
  let url = start
  for (let hops = 0; ; hops++) {
    const res = await request(url, stallMs)
    const status = res.statusCode ?? 0
    const location = res.headers.location
    if (REDIRECTS.has(status) && location && hops < MAX_REDIRECTS) {
      res.resume()
      const next = new URL(location, url)
      if (url.protocol === 'https:' && next.protocol !== 'https:') {
        throw Object.assign(new Error(`a redirect from https to ${next.protocol} was refused`), {
          code: 'ERR_REDIRECT_DOWNGRADE',
        })
      }
      url = next
      continue
    }
    if (status !== 200) {
      res.resume()
      throw new HttpStatusError(status)
    }
    return res
  }
}

/** One GET. The socket timeout covers connecting and waiting for the response head; the
 *  body has its own watchdog (attemptOnce). */
function request(url: URL, stallMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http
    const agent = new HttpClient('vmtest-action').getAgent(url.href)
    const req = mod.get(url, { agent, headers: { 'user-agent': 'vmtest-action' }, timeout: stallMs })
    req.on('timeout', () => req.destroy(new StallError('response', stallMs, 0)))
    req.on('response', (res) => {
      req.setTimeout(0)
      resolve(res)
    })
    req.on('error', reject)
  })
}
