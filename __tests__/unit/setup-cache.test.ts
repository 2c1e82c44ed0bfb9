// The Actions cache around the tool-cache bundle is an optimisation: no service is a notice,
// any error a warning, never a failure.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ReserveCacheError } from '@actions/cache'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { restoreToolCache, saveToolCache, type CacheImpl } from '../../src/setup/cache.js'
import { startFakeCacheService } from './fake-cache-service.js'

let dir = ''
const logs: { line: string; level?: string }[] = []
const log = (line: string, level?: string): void => {
  logs.push({ line, level })
}
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-cache-'))
  logs.length = 0
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

function fake(o: Partial<CacheImpl> & { available?: boolean }): CacheImpl & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    isFeatureAvailable: () => o.available ?? true,
    restoreCache: async (paths, key) => {
      calls.push(`restore ${paths.join(',')} ${key}`)
      return o.restoreCache ? o.restoreCache(paths, key) : undefined
    },
    saveCache: async (paths, key) => {
      calls.push(`save ${paths.join(',')} ${key}`)
      return o.saveCache ? o.saveCache(paths, key) : 1
    },
  }
}

describe('restoreToolCache', () => {
  it('outside Actions (the real @actions/cache, no cache service) → a notice and false', async () => {
    const saved = { v1: process.env.ACTIONS_CACHE_URL, v2: process.env.ACTIONS_RESULTS_URL }
    delete process.env.ACTIONS_CACHE_URL
    delete process.env.ACTIONS_RESULTS_URL
    try {
      expect(await restoreToolCache('k', dir, log)).toBe(false)
    } finally {
      if (saved.v1 !== undefined) process.env.ACTIONS_CACHE_URL = saved.v1
      if (saved.v2 !== undefined) process.env.ACTIONS_RESULTS_URL = saved.v2
    }
    expect(logs).toEqual([{ line: expect.stringMatching(/cache service is not available/), level: 'notice' }])
  })

  it('hit → true; miss → false; both with the exact key and folder', async () => {
    const hit = fake({ restoreCache: async (_p, k) => k })
    expect(await restoreToolCache('key-1', dir, log, hit)).toBe(true)
    expect(hit.calls).toEqual([`restore ${dir} key-1`])
    const miss = fake({})
    expect(await restoreToolCache('key-2', dir, log, miss)).toBe(false)
    expect(logs.every((l) => l.level === undefined)).toBe(true)
  })

  it('an error is a warning, not a failure', async () => {
    const broken = fake({
      restoreCache: async () => {
        throw new Error('connect ECONNREFUSED')
      },
    })
    expect(await restoreToolCache('k', dir, log, broken)).toBe(false)
    expect(logs).toEqual([
      {
        line: expect.stringMatching(/restoring .* failed: connect ECONNREFUSED; continuing without it/),
        level: 'warning',
      },
    ])
  })
})

describe('saveToolCache', () => {
  it('no service → notice, nothing saved', async () => {
    const impl = fake({ available: false })
    await saveToolCache('k', dir, log, impl)
    expect(impl.calls).toEqual([])
    expect(logs[0].level).toBe('notice')
  })

  it('saves the folder under the key', async () => {
    const impl = fake({})
    await saveToolCache('k', dir, log, impl)
    expect(impl.calls).toEqual([`save ${dir} k`])
    expect(logs[0].line).toMatch(/saved .* \(key k, id 1\)/)
  })

  it('a key that already exists is info; other errors are warnings; a missing folder is a warning', async () => {
    await saveToolCache(
      'k',
      dir,
      log,
      fake({
        saveCache: async () => {
          throw new ReserveCacheError('already reserved')
        },
      }),
    )
    await saveToolCache(
      'k',
      dir,
      log,
      fake({
        saveCache: async () => {
          throw new Error('boom')
        },
      }),
    )
    await saveToolCache('k', path.join(dir, 'absent'), log, fake({}))
    expect(logs.map((l) => l.level)).toEqual([undefined, 'warning', 'warning'])
    expect(logs[1].line).toMatch(/failed: boom/)
    expect(logs[2].line).toMatch(/does not exist/)
  })
})

describe('the real @actions/cache against a local cache service (protocol v1)', () => {
  /** The environment a runner gives the post and main steps, pointed at the fake. */
  async function withService<T>(
    fn: (svc: Awaited<ReturnType<typeof startFakeCacheService>>) => Promise<T>,
  ): Promise<T> {
    const svc = await startFakeCacheService()
    const names = [
      'ACTIONS_CACHE_URL',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_CACHE_SERVICE_V2',
      'ACTIONS_RUNTIME_TOKEN',
      'GITHUB_SERVER_URL',
      'GITHUB_WORKSPACE',
      'RUNNER_TEMP',
    ]
    const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]))
    for (const n of names) delete process.env[n]
    process.env.ACTIONS_CACHE_URL = svc.url
    process.env.ACTIONS_RUNTIME_TOKEN = 'test-token'
    // The tool cache lives outside the workspace on a runner, as here.
    process.env.GITHUB_WORKSPACE = path.join(dir, 'workspace')
    fs.mkdirSync(process.env.GITHUB_WORKSPACE)
    // @actions/cache writes its archive under RUNNER_TEMP (else /home/actions/temp).
    process.env.RUNNER_TEMP = path.join(dir, 'runner-temp')
    try {
      return await fn(svc)
    } finally {
      for (const n of names) {
        if (saved[n] === undefined) delete process.env[n]
        else process.env[n] = saved[n]
      }
      await svc.close()
    }
  }

  it('saves the bundle folder (post step) and restores it byte for byte (main step); another key misses', async () => {
    await withService(async (svc) => {
      const bundle = path.join(dir, 'toolcache', 'vmtest-qemu', '7.2', 'x64')
      fs.mkdirSync(path.join(bundle, 'bin'), { recursive: true })
      fs.mkdirSync(path.join(bundle, 'lib'), { recursive: true })
      const binary = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251))
      fs.writeFileSync(path.join(bundle, 'bin', 'qemu-system-x86_64'), binary, { mode: 0o755 })
      fs.writeFileSync(path.join(bundle, 'lib', 'libfoo.so.1.2'), 'lib\n')
      fs.symlinkSync('libfoo.so.1.2', path.join(bundle, 'lib', 'libfoo.so.1'))

      await saveToolCache('vmtest-qemu-test-key', bundle, log)
      expect(logs.at(-1)).toEqual({
        line: expect.stringMatching(/^cache: saved .* \(key vmtest-qemu-test-key, id 1\)$/),
        level: undefined,
      })
      expect(svc.committed()).toEqual([
        { key: 'vmtest-qemu-test-key', version: expect.any(String), bytes: expect.any(Number) },
      ])

      fs.rmSync(path.join(dir, 'toolcache'), { recursive: true })
      expect(await restoreToolCache('vmtest-qemu-other-key', bundle, log)).toBe(false)
      expect(fs.existsSync(bundle)).toBe(false)
      expect(await restoreToolCache('vmtest-qemu-test-key', bundle, log)).toBe(true)
      expect(fs.readFileSync(path.join(bundle, 'bin', 'qemu-system-x86_64')).equals(binary)).toBe(true)
      expect(fs.statSync(path.join(bundle, 'bin', 'qemu-system-x86_64')).mode & 0o777).toBe(0o755)
      expect(fs.readlinkSync(path.join(bundle, 'lib', 'libfoo.so.1'))).toBe('libfoo.so.1.2')
      expect(svc.requests).toContain('GET /download/1')

      // The post step of a later run with the same key: already there, said as info.
      logs.length = 0
      await saveToolCache('vmtest-qemu-test-key', bundle, log)
      expect(logs.every((l) => l.level !== 'warning')).toBe(true)
      expect(svc.committed()).toHaveLength(1)
    })
  })
})
