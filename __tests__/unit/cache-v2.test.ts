// The tool-cache bundle saved (post step) and restored (main step) through the real
// @actions/cache speaking protocol v2, github.com's: Twirp JSON calls to a local fake, the
// archive itself uploaded and downloaded through Azurite with SAS URLs. And the failures a
// run meets there (service down, rate limited, a corrupt archive): each is warned about and
// the run goes on cold, nothing thrown.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { restoreToolCache, saveToolCache } from '../../src/setup/cache.js'
import {
  startAzurite,
  startFakeCacheServiceV2,
  type Azurite,
  type FakeCacheServiceV2,
} from './fake-cache-service-v2.js'

let azurite: Azurite
let svc: FakeCacheServiceV2
beforeAll(async () => {
  azurite = await startAzurite()
}, 90_000)
afterAll(async () => {
  await azurite?.stop()
})

let dir = ''
const logs: { line: string; level?: string }[] = []
const log = (line: string, level?: string): void => {
  logs.push({ line, level })
}
/** What @actions/core printed (its own warnings are `::warning::` workflow commands). */
let printed = ''
const names = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'ACTIONS_CACHE_MODE',
  'RUNNER_TEMP',
]
let saved: Record<string, string | undefined> = {}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-v2-'))
  logs.length = 0
  printed = ''
  svc = await startFakeCacheServiceV2(azurite)
  saved = Object.fromEntries(names.map((n) => [n, process.env[n]]))
  for (const n of names) delete process.env[n]
  process.env.ACTIONS_CACHE_SERVICE_V2 = 'true'
  process.env.ACTIONS_RESULTS_URL = svc.url
  // A JWT-shaped dummy: @actions/cache only passes it on as a bearer token.
  process.env.ACTIONS_RUNTIME_TOKEN = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"scp":"Actions.Results"}').toString('base64url')}.`
  process.env.GITHUB_WORKSPACE = path.join(dir, 'workspace')
  fs.mkdirSync(process.env.GITHUB_WORKSPACE)
  // @actions/cache writes its archive under RUNNER_TEMP (else /home/actions/temp).
  process.env.RUNNER_TEMP = path.join(dir, 'runner-temp')
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += chunk.toString()
    return true
  })
})
afterEach(async () => {
  vi.restoreAllMocks()
  for (const n of names) {
    if (saved[n] === undefined) delete process.env[n]
    else process.env[n] = saved[n]
  }
  await svc.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function makeBundle(): { bundle: string; binary: Buffer } {
  const bundle = path.join(dir, 'toolcache', 'vmtest-qemu', '10.0', 'x64')
  fs.mkdirSync(path.join(bundle, 'bin'), { recursive: true })
  fs.mkdirSync(path.join(bundle, 'lib'), { recursive: true })
  const binary = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251))
  fs.writeFileSync(path.join(bundle, 'bin', 'qemu-system-x86_64'), binary, { mode: 0o755 })
  fs.writeFileSync(path.join(bundle, 'lib', 'libfoo.so.1.2'), 'lib\n')
  fs.symlinkSync('libfoo.so.1.2', path.join(bundle, 'lib', 'libfoo.so.1'))
  return { bundle, binary }
}

// Generous: tar, zstd and Azurite are real processes on a loaded 2-core machine.
describe('protocol v2 (Twirp + Azure Blob storage in Azurite)', { timeout: 60_000 }, () => {
  it('saves the bundle (post step) and restores it byte for byte (main step); another key misses; saving again is no warning of ours', async () => {
    const { bundle, binary } = makeBundle()
    await saveToolCache('vmtest-qemu-v2-key', bundle, log)
    expect(logs.at(-1)).toEqual({
      line: expect.stringMatching(/^cache: saved .* \(key vmtest-qemu-v2-key, id 1\)$/),
      level: undefined,
    })
    expect(svc.calls).toEqual(['CreateCacheEntry', 'FinalizeCacheEntryUpload'])
    expect(svc.finalized()).toEqual([
      { key: 'vmtest-qemu-v2-key', version: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) },
    ])

    fs.rmSync(path.join(dir, 'toolcache'), { recursive: true })
    expect(await restoreToolCache('vmtest-qemu-other-key', bundle, log)).toBe(false)
    expect(fs.existsSync(bundle)).toBe(false)
    expect(await restoreToolCache('vmtest-qemu-v2-key', bundle, log)).toBe(true)
    expect(fs.readFileSync(path.join(bundle, 'bin', 'qemu-system-x86_64')).equals(binary)).toBe(true)
    expect(fs.statSync(path.join(bundle, 'bin', 'qemu-system-x86_64')).mode & 0o777).toBe(0o755)
    expect(fs.readlinkSync(path.join(bundle, 'lib', 'libfoo.so.1'))).toBe('libfoo.so.1.2')

    logs.length = 0
    await saveToolCache('vmtest-qemu-v2-key', bundle, log)
    expect(logs.every((l) => l.level !== 'warning')).toBe(true)
    expect(svc.finalized()).toHaveLength(1)
  })

  it('service down: restore warns and misses, save does not throw; the run goes on cold', async () => {
    const { bundle } = makeBundle()
    await svc.close()
    await saveToolCache('k-down', bundle, log)
    expect(logs.at(-1)?.line).toMatch(/was not saved \(key k-down\)/)
    fs.rmSync(path.join(dir, 'toolcache'), { recursive: true })
    expect(await restoreToolCache('k-down', bundle, log)).toBe(false)
    expect(printed).toMatch(/::warning::Failed to restore: .*ECONNREFUSED/)
    expect(fs.existsSync(bundle)).toBe(false)
    svc = await startFakeCacheServiceV2(azurite) // for afterEach
  })

  it('rate limited (429): restore warns and misses, save is not done; no retries', async () => {
    const { bundle } = makeBundle()
    svc.fault = 'rate-limit'
    await saveToolCache('k-429', bundle, log)
    expect(logs.at(-1)?.line).toMatch(/was not saved \(key k-429\)/)
    expect(await restoreToolCache('k-429', bundle, log)).toBe(false)
    expect(printed).toMatch(/::warning::Failed to restore: .*Rate limited/)
    expect(svc.calls).toEqual(['CreateCacheEntry', 'GetCacheEntryDownloadURL'])
    expect(svc.finalized()).toEqual([])
  })

  it('a corrupt archive: restore warns and reports a miss, so setup builds the bundle afresh', async () => {
    const { bundle } = makeBundle()
    await saveToolCache('k-corrupt', bundle, log)
    expect(svc.finalized()).toHaveLength(1)
    fs.rmSync(path.join(dir, 'toolcache'), { recursive: true })
    svc.fault = 'corrupt-archive'
    expect(await restoreToolCache('k-corrupt', bundle, log)).toBe(false)
    expect(printed).toMatch(/::warning::Failed to restore: /)
    expect(fs.existsSync(path.join(bundle, 'bin', 'qemu-system-x86_64'))).toBe(false)
  })
})
