// `kernel_url` / `image_url`: download once (retrying transient failures, showing progress,
// failing a stalled transfer: http-download.ts), verify the SHA-256 before anything uses the
// file, unpack compressed images, and keep the result in the tool cache keyed by URL (+ digest)
// so a rerun on the same runner downloads nothing. Messages show the URL without credentials.
// A cache hit is re-checked against the digest recorded at download time (and a pinned
// sha256): a file planted in a persistent runner's tool cache is downloaded again, not used.
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import * as tc from '@actions/tool-cache'
import { ChecksumError, DownloadError } from './errors.js'
import { outputTail, realExec, type Exec, type Log } from './exec.js'
import { sha256File } from './digests.js'
import { pathExists, withRunnerEnv } from './host.js'
import {
  DEFAULT_STALL_MS,
  DownloadFailure,
  HttpStatusError,
  httpDownload,
  StallError,
  TruncatedError,
} from './http-download.js'
import { formatBytes, formatDuration, logProgress, redactUrl, type Clock, type ProgressSink } from './progress.js'
import { parseHttpUrl, parseSha256, ValueError } from '../config/values.js'

export interface FetchArtifactOptions {
  url: string
  /** Expected SHA-256 of the file at `url` (before unpacking), hex. */
  sha256?: string
  kind: 'kernel' | 'image'
  log: Log
  toolCacheDir?: string
  exec?: Exec
  /** Where progress goes (default: a line through `log` every few seconds). */
  progress?: ProgressSink
  /** No bytes for this long fails an attempt (default DEFAULT_STALL_MS, 60 s). */
  stallMs?: number
  /** Wait before retry `n`; default 10–20 s. */
  retryDelayMs?: (attempt: number) => number
  now?: Clock
}

export type Compression = 'gz' | 'xz' | 'zst'

/** The file name a URL gives, its compression, and the name after unpacking. Kernels keep
 *  `.gz` (arm64 `Image.gz` boots as is); `.xz` / `.zst` kernels and all compressed images are
 *  unpacked. */
export function artifactNames(
  url: string,
  kind: 'kernel' | 'image',
): { fileName: string; compression?: Compression; outputName: string } {
  const u = new URL(url)
  const base = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '').replace(/[^\w.+-]/g, '_')
  const fileName = base || kind
  const m = /\.(gz|xz|zst|zstd)$/i.exec(fileName)
  let compression: Compression | undefined
  if (m) {
    const ext = m[1].toLowerCase()
    compression = ext === 'gz' ? 'gz' : ext === 'xz' ? 'xz' : 'zst'
  }
  if (kind === 'kernel' && compression === 'gz') compression = undefined
  const outputName = compression ? fileName.slice(0, -m![0].length) || kind : fileName
  return { fileName, compression, outputName }
}

/** Tool-cache coordinates of a download: one "tool" per kind, the version encodes URL and
 *  digest (semver prerelease, which tool-cache requires for an exact `find`). */
function artifactCacheVersion(url: string, sha256?: string): string {
  const h = createHash('sha256')
    .update(`${url}\n${sha256 ?? ''}`)
    .digest('hex')
    .slice(0, 20)
  return `1.0.0-h${h}`
}

const CACHE_ARCH = 'any'

export async function fetchArtifact(opts: FetchArtifactOptions): Promise<string> {
  const field = `${opts.kind}_url`
  const shaField = `${opts.kind}_sha256`
  // The same rules as the action inputs (config/values.ts).
  let expected: string | undefined
  try {
    parseHttpUrl(opts.url, field)
    if (opts.sha256 !== undefined && opts.sha256.trim() !== '') expected = parseSha256(opts.sha256.trim(), shaField)
  } catch (e) {
    throw e instanceof ValueError ? new DownloadError(e.message) : e
  }
  const { fileName, compression, outputName } = artifactNames(opts.url, opts.kind)
  const tool = `vmtest-${opts.kind}`
  const version = artifactCacheVersion(opts.url, expected)

  return withRunnerEnv(opts.toolCacheDir, async (dirs) => {
    const hit = tc.find(tool, version, CACHE_ARCH)
    if (hit && (await pathExists(path.join(hit, outputName)))) {
      const problem = await cachedArtifactProblem(path.join(hit, outputName), compression ? undefined : expected)
      if (!problem) {
        opts.log(`${field}: using cached ${path.join(hit, outputName)} (sha256 re-checked)`)
        return path.join(hit, outputName)
      }
      opts.log(`${field}: not using cached ${path.join(hit, outputName)}: ${problem}; downloading it again`, 'warning')
    }
    const work = path.join(dirs.temp, `vmtest-download-${randomUUID()}`)
    await fs.mkdir(work, { recursive: true })
    try {
      const downloaded = path.join(work, fileName)
      opts.log(`${field}: downloading ${redactUrl(opts.url)}`)
      try {
        await httpDownload(opts.url, downloaded, {
          label: field,
          progress: opts.progress ?? logProgress(opts.log),
          log: opts.log,
          stallMs: opts.stallMs,
          retryDelayMs: opts.retryDelayMs,
          now: opts.now,
        })
      } catch (err) {
        throw downloadError(err, opts.url, field, opts.stallMs ?? DEFAULT_STALL_MS)
      }
      const actual = await sha256File(downloaded)
      if (expected && actual !== expected) throw new ChecksumError(redactUrl(opts.url), expected, actual, shaField)
      opts.log(`${field}: sha256 ${actual}${expected ? ' (verified)' : ` (not verified: set ${shaField} to pin it)`}`)
      const ready = compression
        ? await unpack(downloaded, compression, path.join(work, 'out', outputName), opts.exec ?? realExec, field)
        : downloaded
      const record: DigestRecord = { sha256: await sha256File(ready), source: actual }
      const folder = await tc.cacheFile(ready, outputName, tool, version, CACHE_ARCH)
      await fs.writeFile(digestRecordPath(path.join(folder, outputName)), JSON.stringify(record) + '\n')
      return path.join(folder, outputName)
    } finally {
      await fs.rm(work, { recursive: true, force: true })
    }
  })
}

/** What a download's tool-cache entry was when it was made: the digest of the file used
 *  (after unpacking) and of the file downloaded. */
interface DigestRecord {
  sha256: string
  source: string
}

const digestRecordPath = (file: string): string => `${file}.vmtest-sha256.json`

/** Why a cached download must not be used (a persistent runner's tool cache can be written by
 *  earlier jobs), or undefined: its digest must match the record made with it, and a pinned
 *  sha256 (of a file kept as downloaded) must match too. */
async function cachedArtifactProblem(file: string, pinned: string | undefined): Promise<string | undefined> {
  let record: DigestRecord
  try {
    record = JSON.parse(await fs.readFile(digestRecordPath(file), 'utf8')) as DigestRecord
  } catch {
    return 'it has no digest record'
  }
  const actual = await sha256File(file)
  if (pinned && actual !== pinned) return `its sha256 ${actual} is not the pinned ${pinned}`
  if (actual !== record.sha256)
    return `its sha256 ${actual} differs from ${record.sha256}, recorded when it was downloaded`
  return undefined
}

/** The failure of the last attempt, in words for a CI log. */
function downloadError(err: unknown, rawUrl: string, field: string, stallMs: number): DownloadError {
  const url = redactUrl(rawUrl)
  const attempts = err instanceof DownloadFailure ? err.attempts : 1
  const e = err instanceof DownloadFailure ? err.last : err
  const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
  const sizes = (got: number, total?: number): string =>
    total !== undefined ? `${formatBytes(got)} of ${formatBytes(total)}` : formatBytes(got)
  if (e instanceof HttpStatusError) {
    const code = e.status
    const hint =
      code === 404 ? ' (not found): check the URL' : code === 401 || code === 403 ? ': the server refused access' : ''
    return new DownloadError(`${field}: ${url} returned HTTP ${code}${hint}${tries}`)
  }
  if (e instanceof StallError) {
    const silent = formatDuration(stallMs)
    if (e.phase === 'response') {
      return new DownloadError(
        `${field}: download of ${url} stalled: no response from ${new URL(rawUrl).host} for ${silent}${tries}. ` +
          `Check the URL and the network, and try again.`,
      )
    }
    return new DownloadError(
      `${field}: download of ${url} stalled: no data for ${silent} after ${sizes(e.received, e.total)}${tries}. ` +
        `The server stopped sending; try again, or check the server.`,
    )
  }
  if (e instanceof TruncatedError) {
    return new DownloadError(
      `${field}: download of ${url} was truncated: the connection closed after ${sizes(e.received, e.total)}${tries}. ` +
        `Try again, or check the server.`,
    )
  }
  const n = e as NodeJS.ErrnoException
  if (
    n?.code === 'ECONNREFUSED' ||
    n?.code === 'ENOTFOUND' ||
    n?.code === 'EAI_AGAIN' ||
    n?.code === 'ETIMEDOUT' ||
    n?.code === 'EHOSTUNREACH' ||
    n?.code === 'ENETUNREACH'
  ) {
    return new DownloadError(`${field}: cannot reach ${new URL(rawUrl).host} (${n.code}) for ${url}${tries}`)
  }
  return new DownloadError(`${field}: downloading ${url} failed: ${n?.message ?? String(e)}${tries}`)
}

const UNPACKERS: Record<'xz' | 'zst', { program: string; pkg: string }> = {
  xz: { program: 'xz', pkg: 'xz-utils' },
  zst: { program: 'zstd', pkg: 'zstd' },
}

async function unpack(file: string, compression: Compression, out: string, exec: Exec, field: string): Promise<string> {
  await fs.mkdir(path.dirname(out), { recursive: true })
  if (compression === 'gz') {
    try {
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(out))
    } catch (err) {
      throw new DownloadError(`${field}: ${path.basename(file)} is not a valid gzip file: ${(err as Error).message}`)
    }
    return out
  }
  const { program, pkg } = UNPACKERS[compression]
  // xz writes `name` next to `name.xz` (the download keeps the URL's file name, so the
  // suffix is there); zstd takes an output path.
  const args =
    compression === 'xz'
      ? ['--decompress', '--keep', '--force', '--threads=0', file]
      : ['--decompress', '--quiet', '--force', file, '-o', out]
  const r = await exec(program, args)
  if (r.exitCode === 127) {
    throw new DownloadError(
      `${field}: unpacking ${path.basename(file)} needs the ${program} program, which is not installed: ` +
        `install it (apt-get install ${pkg})`,
    )
  }
  if (r.exitCode !== 0)
    throw new DownloadError(`${field}: ${program} could not unpack ${path.basename(file)}: ${outputTail(r, 3)}`)
  if (compression === 'xz') await fs.rename(file.replace(/\.xz$/i, ''), out)
  return out
}
