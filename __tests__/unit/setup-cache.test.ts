// The Actions cache around the tool-cache bundle is an optimisation: no service is a notice,
// any error a warning, never a failure.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ReserveCacheError } from '@actions/cache'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { restoreToolCache, saveToolCache, type CacheImpl } from '../../src/setup/cache.js'

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
    expect(logs).toEqual([{ line: expect.stringMatching(/restoring .* failed: connect ECONNREFUSED; continuing without it/), level: 'warning' }])
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
    await saveToolCache('k', dir, log, fake({ saveCache: async () => { throw new ReserveCacheError('already reserved') } }))
    await saveToolCache('k', dir, log, fake({ saveCache: async () => { throw new Error('boom') } }))
    await saveToolCache('k', path.join(dir, 'absent'), log, fake({}))
    expect(logs.map((l) => l.level)).toEqual([undefined, 'warning', 'warning'])
    expect(logs[1].line).toMatch(/failed: boom/)
    expect(logs[2].line).toMatch(/does not exist/)
  })
})
