// The action's runner setup, in its own log group with timings: QEMU and helpers (install
// input), KVM, and kernel_url / image_url downloads. Returns what the engine needs.
import * as core from '@actions/core'
import type { Plan } from '../plan/types.js'
import type { ActionInputs } from './inputs.js'
import type { HostSetup } from '../plan/host-setup.js'
import { setupHost } from '../setup/install.js'
import { ensureKvm } from '../setup/kvm.js'
import { fetchArtifact } from '../setup/download.js'
import { redactUrl } from '../setup/progress.js'
import { realExec, type Log } from '../setup/exec.js'
import { isRootUser } from '../setup/host.js'
import { neutralize } from '../report/workflow-commands.js'

export const STATE_CACHE_KEY = 'toolcache-key'
export const STATE_CACHE_DIR = 'toolcache-dir'
/** The udev rule this run added for /dev/kvm, for the post step to remove. */
export const STATE_KVM_RULE = 'kvm-udev-rule'

const log: Log = (line, level = 'info') => {
  if (level === 'warning') core.warning(line)
  else if (level === 'notice') core.notice(line)
  // Lines carry URLs and paths from inputs: one line each, never a workflow command.
  else core.info(neutralize(line))
}

async function timed<T>(title: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now()
  try {
    return await fn()
  } finally {
    core.info(neutralize(`${title}: ${((Date.now() - t0) / 1000).toFixed(1)} s`))
  }
}

export async function prepareRunner(plan: Plan, inputs: ActionInputs): Promise<HostSetup> {
  return core.group('Setup: QEMU, KVM and downloads', async () => {
    for (const target of plan.targets) {
      const src = target.source
      if (src?.kernelUrl)
        target.kernel = await timed(`download ${redactUrl(src.kernelUrl)}`, () =>
          fetchArtifact({ url: src.kernelUrl!, sha256: src.kernelSha256, kind: 'kernel', log }),
        )
      if (src?.imageUrl)
        target.image = await timed(`download ${redactUrl(src.imageUrl)}`, () =>
          fetchArtifact({ url: src.imageUrl!, sha256: src.imageSha256, kind: 'image', log }),
        )
    }
    const setup = await timed('install', () => setupHost(plan, { mode: inputs.install, cache: inputs.cache, log }))
    core.info(
      `QEMU via ${setup.installedVia}; ${Object.entries(setup.versions)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    )
    if (setup.cache?.save) {
      core.saveState(STATE_CACHE_KEY, setup.cache.key)
      core.saveState(STATE_CACHE_DIR, setup.cache.dir)
    }
    if (plan.options.accel !== 'tcg' && setup.requirements.kvm) {
      const kvm = await timed('kvm', () => ensureKvm({ exec: realExec, log, isRoot: isRootUser() }))
      core.info(`KVM: ${kvm.usable ? 'usable' : 'not usable'} (${kvm.reason})`)
      if (kvm.addedRule) core.saveState(STATE_KVM_RULE, kvm.addedRule)
    }
    return setup
  })
}
