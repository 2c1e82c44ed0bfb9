// `apt-get install` of the packages a plan needs (install: apt, or auto with root), with
// `apt-get update` only when the install fails for missing or stale package lists. apt's
// output is followed as it runs, so the log shows which package it is downloading/unpacking.
import { aptUpdateMayHelp } from './apt.js'
import { outputTail, type Exec, type Log } from './exec.js'
import { mustSucceed, type AsRoot } from './privilege.js'
import { PackageProgress, type Clock } from './progress.js'
import { processEnv } from './toolcache.js'

export interface AptOutcome {
  aptCommandsRun: number
  versions: Record<string, string>
}

/** apt-get install, with `apt-get update` only when the install fails for missing or stale
 *  package lists. */
export async function aptInstall(
  packages: string[],
  deps: { exec: Exec; asRoot: AsRoot; log: Log; now?: Clock; progressIntervalMs?: number },
): Promise<AptOutcome> {
  const env = { ...processEnv(), DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' }
  const args = ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', ...packages]
  // A fresh reporter per attempt: its counts restart with apt's.
  const install = (): ReturnType<AsRoot> => {
    const progress = new PackageProgress('apt-get', deps.log, undefined, deps.now, deps.progressIntervalMs)
    return deps.asRoot('apt-get', args, `Installing ${packages.join(' ')} with apt-get`, {
      env,
      onStdoutLine: (l) => progress.line(l),
    })
  }
  let count = 1
  deps.log(`apt-get install ${packages.join(' ')}`)
  let r = await install()
  if (r.exitCode !== 0 && aptUpdateMayHelp(r.stderr + r.stdout)) {
    deps.log(`apt-get install failed (${outputTail(r, 1)}); running apt-get update and trying again`)
    const upd = ['update', '-o', 'DPkg::Lock::Timeout=120']
    count++
    mustSucceed(
      await deps.asRoot('apt-get', upd, 'Refreshing apt lists (apt-get update)', { env }),
      'apt-get',
      upd,
      'Check the apt sources of this host (network, mirror).',
    )
    count++
    r = await install()
  }
  mustSucceed(r, 'apt-get', args, 'Check the package names for this OS release, or use install: tool-cache.')
  const q = await deps.exec('dpkg-query', ['-W', '-f', '${Package}\\t${Version}\\n', ...packages])
  const versions: Record<string, string> = {}
  for (const line of q.stdout.split('\n')) {
    const [name, version] = line.split('\t')
    if (name && version) versions[name] = version
  }
  return { aptCommandsRun: count, versions }
}
