// The post step: undo and keep what the main step left. It removes the /dev/kvm udev rule
// the main step added (a self-hosted runner keeps its /etc), and saves the QEMU tool-cache
// bundle the main step built, so the next run on a hosted runner restores it instead of
// running apt — after checking the folder is that bundle, unchanged since it was built (the
// guest and later steps could write there). A missing cache service is a notice.
import * as core from '@actions/core'
import { saveToolCache } from '../setup/cache.js'
import { realExec, type Log } from '../setup/exec.js'
import { isRootUser, runnerDirs } from '../setup/host.js'
import { removeKvmRule } from '../setup/kvm.js'
import { verifyCacheDir } from '../setup/toolcache.js'
import { STATE_CACHE_DIR, STATE_CACHE_KEY, STATE_KVM_RULE } from './setup.js'

const log: Log = (line, level) => (level === 'warning' ? core.warning(line) : core.info(line))

export async function post(): Promise<void> {
  const rule = core.getState(STATE_KVM_RULE)
  if (rule) await removeKvmRule({ rulesPath: rule, exec: realExec, log, isRoot: isRootUser() })
  const key = core.getState(STATE_CACHE_KEY)
  const dir = core.getState(STATE_CACHE_DIR)
  if (!key || !dir) return
  const problem = await verifyCacheDir(dir, runnerDirs().toolCache)
  if (problem) {
    core.warning(`cache: not saving the QEMU bundle: ${problem}`)
    return
  }
  await saveToolCache(key, dir, log)
}
