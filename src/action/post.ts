// The post step: save the QEMU tool-cache bundle the main step built, so the next run on a
// hosted runner restores it instead of running apt. A missing cache service is a notice.
import * as core from '@actions/core'
import { saveToolCache } from '../setup/cache.js'
import { STATE_CACHE_DIR, STATE_CACHE_KEY } from './setup.js'

export async function post(): Promise<void> {
  const key = core.getState(STATE_CACHE_KEY)
  const dir = core.getState(STATE_CACHE_DIR)
  if (!key || !dir) return
  await saveToolCache(key, dir, (line, level) => (level === 'warning' ? core.warning(line) : core.info(line)))
}
