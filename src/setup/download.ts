// `kernel_url` / `image_url`: download once (tool-cache retries transient failures), verify
// the SHA-256 before anything uses the file, unpack compressed images, and keep the result in
// the tool cache keyed by URL (+ digest) so a rerun on the same runner downloads nothing.
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import * as tc from '@actions/tool-cache'
import { ChecksumError, DownloadError } from './errors.js'
import { outputTail, realExec, type Exec, type Log } from './exec.js'
import { pathExists, withRunnerEnv } from './host.js'

export interface FetchArtifactOptions {
  url: string
  /** Expected SHA-256 of the file at `url` (before unpacking), hex. */
  sha256?: string
  kind: 'kernel' | 'image'
  log: Log
  toolCacheDir?: string
  exec?: Exec
}

export type Compression = 'gz' | 'xz' | 'zst'

/** The file name a URL gives, its compression, and the name after unpacking. Kernels keep
 *  `.gz` (arm64 `Image.gz` boots as is); `.xz` / `.zst` kernels and all compressed images are
 *  unpacked. */
export function artifactNames(url: string, kind: 'kernel' | 'image'): { fileName: string; compression?: Compression; outputName: string } {
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
export function artifactCacheVersion(url: string, sha256?: string): string {
  const h = createHash('sha256').update(`${url}\n${sha256 ?? ''}`).digest('hex').slice(0, 20)
  return `1.0.0-h${h}`
}

const CACHE_ARCH = 'any'

export async function fetchArtifact(opts: FetchArtifactOptions): Promise<string> {
  const field = `${opts.kind}_url`
  const shaField = `${opts.kind}_sha256`
  let url: URL
  try {
    url = new URL(opts.url)
  } catch {
    throw new DownloadError(`${field}: '${opts.url}' is not a valid URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DownloadError(`${field}: only http and https URLs are supported, got '${opts.url}'`)
  }
  let expected: string | undefined
  if (opts.sha256 !== undefined && opts.sha256.trim() !== '') {
    expected = opts.sha256.trim().toLowerCase().replace(/^sha256:/, '')
    if (!/^[0-9a-f]{64}$/.test(expected)) throw new DownloadError(`${shaField}: expected 64 hexadecimal characters, got '${opts.sha256}'`)
  }
  const { fileName, compression, outputName } = artifactNames(opts.url, opts.kind)
  const tool = `vmtest-${opts.kind}`
  const version = artifactCacheVersion(opts.url, expected)

  return withRunnerEnv(opts.toolCacheDir, async (dirs) => {
    const hit = tc.find(tool, version, CACHE_ARCH)
    if (hit && (await pathExists(path.join(hit, outputName)))) {
      opts.log(`${field}: using cached ${path.join(hit, outputName)}`)
      return path.join(hit, outputName)
    }
    const work = path.join(dirs.temp, `vmtest-download-${randomUUID()}`)
    await fs.mkdir(work, { recursive: true })
    try {
      const downloaded = path.join(work, fileName)
      opts.log(`${field}: downloading ${opts.url}`)
      try {
        await tc.downloadTool(opts.url, downloaded)
      } catch (err) {
        throw downloadError(err, opts.url, field)
      }
      const actual = await sha256File(downloaded)
      if (expected && actual !== expected) throw new ChecksumError(opts.url, expected, actual, shaField)
      opts.log(`${field}: sha256 ${actual}${expected ? ' (verified)' : ` (not verified: set ${shaField} to pin it)`}`)
      const ready = compression ? await unpack(downloaded, compression, path.join(work, 'out', outputName), opts.exec ?? realExec, field) : downloaded
      const folder = await tc.cacheFile(ready, outputName, tool, version, CACHE_ARCH)
      return path.join(folder, outputName)
    } finally {
      await fs.rm(work, { recursive: true, force: true })
    }
  })
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

function downloadError(err: unknown, url: string, field: string): DownloadError {
  if (err instanceof tc.HTTPError) {
    const code = err.httpStatusCode
    const hint = code === 404 ? ' (not found): check the URL' : code === 401 || code === 403 ? ': the server refused access' : ''
    return new DownloadError(`${field}: ${url} returned HTTP ${code ?? 'error'}${hint}`)
  }
  const e = err as NodeJS.ErrnoException
  const msg = e?.message ?? String(err)
  if (msg === 'aborted' || e?.code === 'ECONNRESET' || e?.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new DownloadError(`${field}: download of ${url} was truncated: the connection closed before the whole body arrived ` +
      `(after 3 attempts). Try again, or check the server.`)
  }
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN' || e?.code === 'ETIMEDOUT') {
    return new DownloadError(`${field}: cannot reach ${new URL(url).host} (${e.code}) for ${url}`)
  }
  return new DownloadError(`${field}: downloading ${url} failed: ${msg}`)
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
  const args = compression === 'xz' ? ['--decompress', '--keep', '--force', '--threads=0', file] : ['--decompress', '--quiet', '--force', file, '-o', out]
  const r = await exec(program, args)
  if (r.exitCode === 127) {
    throw new DownloadError(`${field}: unpacking ${path.basename(file)} needs the ${program} program, which is not installed: ` +
      `install it (apt-get install ${pkg})`)
  }
  if (r.exitCode !== 0) throw new DownloadError(`${field}: ${program} could not unpack ${path.basename(file)}: ${outputTail(r, 3)}`)
  if (compression === 'xz') await fs.rename(file.replace(/\.xz$/i, ''), out)
  return out
}
