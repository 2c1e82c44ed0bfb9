// A local stand-in for the Actions cache service, protocol v1 (the one @actions/cache speaks
// to GHES and when ACTIONS_CACHE_SERVICE_V2 is unset): look up by keys and version, reserve,
// upload in Content-Range chunks, commit, download. Enough for the real @actions/cache to
// save and restore against it; every request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Entry {
  id: number
  key: string
  version: string
  chunks: { start: number; data: Buffer }[]
  data?: Buffer
}

export interface FakeCacheService {
  /** ACTIONS_CACHE_URL for it (with the trailing slash @actions/cache expects). */
  url: string
  requests: string[]
  committed(): { key: string; version: string; bytes: number }[]
  close(): Promise<void>
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    req.on('data', (d: Buffer) => parts.push(d))
    req.on('end', () => resolve(Buffer.concat(parts)))
    req.on('error', reject)
  })
}

function json(res: ServerResponse, status: number, value?: unknown): void {
  const text = value === undefined ? '' : JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export async function startFakeCacheService(): Promise<FakeCacheService> {
  const entries: Entry[] = []
  const requests: string[] = []
  let base = ''
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base)
      requests.push(`${req.method} ${url.pathname}`)
      const data = await body(req)
      const caches = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(url.pathname)
      if (req.method === 'GET' && url.pathname === '/_apis/artifactcache/cache') {
        // Keys in order: an exact match first, then a prefix (restore keys), same version.
        const keys = (url.searchParams.get('keys') ?? '').split(',')
        const version = url.searchParams.get('version')
        const done = entries.filter((e) => e.data && e.version === version)
        for (const k of keys) {
          const hit = done.find((e) => e.key === k) ?? done.find((e) => e.key.startsWith(k))
          if (hit)
            return json(res, 200, {
              cacheKey: hit.key,
              scope: 'refs/heads/main',
              archiveLocation: `${base}download/${hit.id}`,
            })
        }
        return json(res, 204)
      }
      if (req.method === 'POST' && url.pathname === '/_apis/artifactcache/caches') {
        const { key, version } = JSON.parse(data.toString()) as { key: string; version: string }
        if (entries.some((e) => e.key === key && e.version === version))
          return json(res, 409, { message: `Cache already exists. Key: ${key}` })
        const entry: Entry = { id: entries.length + 1, key, version, chunks: [] }
        entries.push(entry)
        return json(res, 201, { cacheId: entry.id })
      }
      if (caches && req.method === 'PATCH') {
        const entry = entries[Number(caches[1]) - 1]
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range']))
        if (!entry || !range || Number(range[2]) - Number(range[1]) + 1 !== data.length)
          return json(res, 400, { message: 'bad chunk' })
        entry.chunks.push({ start: Number(range[1]), data })
        return json(res, 204)
      }
      if (caches && req.method === 'POST') {
        const entry = entries[Number(caches[1]) - 1]
        const { size } = JSON.parse(data.toString()) as { size: number }
        const all = Buffer.alloc(size)
        for (const c of entry?.chunks ?? []) c.data.copy(all, c.start)
        if (!entry || entry.chunks.reduce((n, c) => n + c.data.length, 0) !== size)
          return json(res, 400, { message: 'size mismatch' })
        entry.data = all
        return json(res, 204)
      }
      const download = /^\/download\/(\d+)$/.exec(url.pathname)
      if (download && req.method === 'GET') {
        const blob = entries[Number(download[1]) - 1]?.data
        if (!blob) return json(res, 404)
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length })
        return res.end(blob)
      }
      json(res, 404, { message: `no route ${req.method} ${url.pathname}` })
    })().catch((e: unknown) => json(res, 500, { message: String(e) }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url: base,
    requests,
    committed: () =>
      entries.filter((e) => e.data).map((e) => ({ key: e.key, version: e.version, bytes: e.data!.length })),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
