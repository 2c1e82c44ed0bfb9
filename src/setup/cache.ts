// @actions/cache around the tool-cache bundle folder: restored in the main step before
// setup looks for a bundle, saved in the post step when this run built one. The cache is an
// optimisation: no cache service (local runs, GHES without cache) is a notice, and any cache
// error is a warning; neither ever fails the run.
import * as fs from 'node:fs/promises'
import * as actionsCache from '@actions/cache'
import type { Log } from './exec.js'

/** The part of @actions/cache we use (injectable for tests). */
export interface CacheImpl {
  isFeatureAvailable(): boolean
  restoreCache(paths: string[], primaryKey: string): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

const defaultImpl: CacheImpl = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  restoreCache: (paths, key) => actionsCache.restoreCache(paths, key),
  saveCache: (paths, key) => actionsCache.saveCache(paths, key),
}

const NO_SERVICE = 'the Actions cache service is not available here (local run or a server without cache)'

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** Restores `dir` saved under exactly `key`. True on a hit. */
export async function restoreToolCache(
  key: string,
  dir: string,
  log: Log,
  impl: CacheImpl = defaultImpl,
): Promise<boolean> {
  if (!impl.isFeatureAvailable()) {
    log(`cache: ${NO_SERVICE}; QEMU is not restored from it`, 'notice')
    return false
  }
  try {
    const hit = await impl.restoreCache([dir], key)
    if (hit) {
      log(`cache: restored ${dir} (key ${hit})`)
      return true
    }
    log(`cache: no entry for key ${key}`)
    return false
  } catch (err) {
    log(`cache: restoring ${dir} (key ${key}) failed: ${message(err)}; continuing without it`, 'warning')
    return false
  }
}

/** Saves `dir` under `key` (post step). An existing entry for the key is not an error. */
export async function saveToolCache(key: string, dir: string, log: Log, impl: CacheImpl = defaultImpl): Promise<void> {
  if (!impl.isFeatureAvailable()) {
    log(`cache: ${NO_SERVICE}; the QEMU bundle is not saved`, 'notice')
    return
  }
  try {
    await fs.access(dir)
  } catch {
    log(`cache: nothing to save: ${dir} does not exist`, 'warning')
    return
  }
  try {
    // @actions/cache reports most failures itself (as warnings) and returns -1.
    const id = await impl.saveCache([dir], key)
    if (id === -1) log(`cache: ${dir} was not saved (key ${key}); see the cache messages above`)
    else log(`cache: saved ${dir} (key ${key}, id ${id})`)
  } catch (err) {
    if (err instanceof actionsCache.ReserveCacheError) {
      log(`cache: key ${key} is already saved (${message(err)})`)
      return
    }
    log(`cache: saving ${dir} (key ${key}) failed: ${message(err)}`, 'warning')
  }
}
