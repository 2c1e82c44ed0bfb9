// A local stand-in for the Actions cache service, protocol v2 (what github.com serves): the
// three Twirp JSON calls @actions/cache makes (CreateCacheEntry, FinalizeCacheEntryUpload,
// GetCacheEntryDownloadURL), answering with SAS URLs into Azurite, Microsoft's Azure Storage
// emulator, so the real blob client uploads and the real HTTP client downloads. Azurite runs
// as a child process on a random loopback port, in memory, without telemetry. Faults a real
// service shows are switchable: rate limiting (429), and a download URL to a corrupt archive.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob'

// Azurite's well-known development account (public, documented, accepted only by the emulator).
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const CONTAINER = 'actions-cache'
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/'

export interface Azurite {
  url: string
  stop(): Promise<void>
}

/** Starts Azurite's blob service on 127.0.0.1, a random port, in memory. */
export async function startAzurite(): Promise<Azurite> {
  const cwd = mkdtempSync(join(tmpdir(), 'azurite-'))
  const main = resolve(import.meta.dirname, '../../node_modules/azurite/dist/src/blob/main.js')
  const args = [
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--inMemoryPersistence',
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
  ]
  const child: ChildProcess = spawn(process.execPath, [main, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Azurite did not start in 60 s:\n${output}`)), 60_000)
    const read = (d: Buffer): void => {
      output += d.toString()
      const m = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.on('exit', (code) => fail(new Error(`Azurite exited (${code}):\n${output}`)))
  })
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await gone
      }
      rmSync(cwd, { recursive: true, force: true })
    },
  }
}

interface Entry {
  key: string
  version: string
  blob: string
  size?: number
}

export type Fault = 'none' | 'rate-limit' | 'corrupt-archive'

export interface FakeCacheServiceV2 {
  /** ACTIONS_RESULTS_URL for it. */
  url: string
  /** Twirp methods called, in order. */
  calls: string[]
  fault: Fault
  finalized(): { key: string; version: string; size: number }[]
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let s = ''
    req.on('data', (d: Buffer) => (s += d.toString()))
    req.on('end', () => ok(s))
    req.on('error', fail)
  })
}

function send(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export async function startFakeCacheServiceV2(azurite: Azurite): Promise<FakeCacheServiceV2> {
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const blobs = new BlobServiceClient(`${azurite.url}/${ACCOUNT}`, credential).getContainerClient(CONTAINER)
  await blobs.createIfNotExists()
  const sas = (blob: string, permissions: string): string => {
    const q = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName: blob,
        permissions: BlobSASPermissions.parse(permissions),
        expiresOn: new Date(Date.now() + 3_600_000),
      },
      credential,
    )
    return `${blobs.getBlobClient(blob).url}?${q.toString()}`
  }
  const entries: Entry[] = []
  const svc: FakeCacheServiceV2 = { url: '', calls: [], fault: 'none', finalized: () => [], close: async () => {} }
  let n = 0

  const handle = async (method: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    const key = String(body.key)
    const version = String(body.version)
    if (method === 'CreateCacheEntry') {
      if (entries.some((e) => e.key === key && e.version === version))
        return send(res, 200, { ok: false, message: `cache entry ${key} already exists` })
      const entry = { key, version, blob: `entry-${++n}` }
      entries.push(entry)
      return send(res, 200, { ok: true, signed_upload_url: sas(entry.blob, 'cw') })
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = entries.find((e) => e.key === key && e.version === version && e.size === undefined)
      if (!entry) return send(res, 200, { ok: false, message: 'no upload to finalize' })
      const props = await blobs.getBlobClient(entry.blob).getProperties()
      if (props.contentLength !== Number(body.size_bytes))
        return send(res, 200, { ok: false, message: 'size mismatch' })
      entry.size = Number(body.size_bytes)
      return send(res, 200, { ok: true, entry_id: String(entries.indexOf(entry) + 1) })
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const done = entries.filter((e) => e.size !== undefined && e.version === version)
      const keys = [key, ...((body.restore_keys as string[] | undefined) ?? [])]
      for (const k of keys) {
        const hit = done.find((e) => e.key === k) ?? done.find((e) => e.key.startsWith(k))
        if (!hit) continue
        if (svc.fault === 'corrupt-archive') {
          const bad = `corrupt-${++n}`
          const junk = Buffer.from('this is not a tar archive\n'.repeat(100))
          await blobs.getBlockBlobClient(bad).upload(junk, junk.length)
          return send(res, 200, { ok: true, signed_download_url: sas(bad, 'r'), matched_key: hit.key })
        }
        return send(res, 200, { ok: true, signed_download_url: sas(hit.blob, 'r'), matched_key: hit.key })
      }
      return send(res, 200, { ok: false })
    }
    send(res, 404, { code: 'bad_route', msg: `no method ${method}` })
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      const body = await readBody(req)
      if (req.method !== 'POST' || !path.startsWith(SERVICE)) return send(res, 404, { code: 'bad_route', msg: path })
      const method = path.slice(SERVICE.length)
      svc.calls.push(method)
      if (svc.fault === 'rate-limit')
        return send(res, 429, { code: 'resource_exhausted', msg: 'rate limited' }, { 'retry-after': '60' })
      await handle(method, JSON.parse(body) as Record<string, unknown>, res)
    })().catch((e: unknown) => send(res, 500, { code: 'internal', msg: String(e) }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  svc.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  svc.finalized = () =>
    entries.filter((e) => e.size !== undefined).map((e) => ({ key: e.key, version: e.version, size: e.size! }))
  svc.close = () => new Promise<void>((r) => server.close(() => r()))
  return svc
}
