// Makes the host able to run a plan: QEMU per arch, qemu-ga, UEFI firmware, busybox,
// qemu-img, installed exactly as the plan needs them, through apt or the tool cache.
//
//   none        use what is installed; QEMU missing is an error
//   auto        use what is installed; for what is missing, a tool-cache bundle (found
//               locally or restored by @actions/cache), else build one (when `cache` is on,
//               or without root), else apt-get install
//   apt         apt-get install every package the plan needs (sudo -n when not root)
//   tool-cache  a bundle of every package the plan needs, unpacked from .debs (no root)
import type { HostSetup } from '../plan/host-setup.js'
import type { Arch, InstallMode, Plan } from '../plan/types.js'
import { archFacts, qemuPackageFor } from '../platform/arch.js'
import { aptInstall } from './apt-install.js'
import { buildBundle } from './bundle-build.js'
import { restoreToolCache } from './cache.js'
import { InstallError, MissingToolError } from './errors.js'
import { realExec, type Exec, type Log } from './exec.js'
import {
  hostArch as detectHostArch,
  isDebianLike,
  isRootUser,
  readOsRelease,
  withRunnerEnv,
  type OsRelease,
} from './host.js'
import { asRoot as makeAsRoot, sudoWorks, type AsRoot } from './privilege.js'
import { describe, firstLine, missingOf, probeHost, warnMissing, warnUnpackaged, type Probe } from './probe.js'
import { debianPackagesFor, requirementsOf, type Requirements } from './requirements.js'
import {
  bundleCacheDir,
  bundleCacheKey,
  findBundle,
  nodeArch as detectNodeArch,
  processEnv,
  verifyBundle,
  type BundleLayout,
  type BundleSpec,
} from './toolcache.js'

/** Everything setup resolved (the HostSetup the engine runs with), and how it got there. */
export interface SetupResult extends HostSetup {
  /** `--version` first lines: 'qemu-system-x86_64', 'qemu-ga', … */
  versions: Record<string, string>
  /** Packages this run installed or unpacked, with their versions. */
  packages: Record<string, string>
  installedVia: 'present' | 'apt' | 'tool-cache' | 'none'
  aptCommandsRun: number
  /** Milliseconds per step: probe, restore, resolve, download, unpack, tool-cache, apt-install… */
  timings: Record<string, number>
  requirements: Requirements
  /** For the post step: save `dir` under `key` with saveToolCache when `save` is true. */
  cache?: { key: string; dir: string; restored: boolean; save: boolean }
}

export interface SetupOptions {
  mode: InstallMode
  /** Restore (here) and save (post step) the tool-cache bundle with @actions/cache. */
  cache: boolean
  log: Log
  exec?: Exec
  /** Default: RUNNER_TOOL_CACHE, else ~/.cache/vmtest/tool-cache. */
  toolCacheDir?: string
  // Injectable host facts (tests):
  isRoot?: boolean
  which?: (name: string) => string | undefined
  osRelease?: OsRelease
  hostArch?: Arch
  nodeArch?: string
  restoreCache?: (key: string, dir: string, log: Log) => Promise<boolean>
  /** Bundle these packages even when installed (tests / diagnostics). */
  treatAsMissing?: string[]
}

/** One setup run: the options with defaults applied and the host facts it decides on. */
interface Ctx {
  opts: SetupOptions
  exec: Exec
  log: Log
  which?: (name: string) => string | undefined
  isRoot: boolean
  os: OsRelease
  req: Requirements
  dirs: { toolCache: string; temp: string }
  timings: Record<string, number>
  /** For apt-get install (install: apt / auto). */
  aptAsRoot: AsRoot
  /** For apt-get update while building a bundle. */
  updateAsRoot: AsRoot
  time<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export async function setupHost(plan: Plan, opts: SetupOptions): Promise<SetupResult> {
  const exec = opts.exec ?? realExec
  const isRoot = opts.isRoot ?? isRootUser()
  const os = opts.osRelease ?? (await readOsRelease())
  const timings: Record<string, number> = {}
  return withRunnerEnv(opts.toolCacheDir, async (dirs) => {
    const ctx: Ctx = {
      opts,
      exec,
      log: opts.log,
      which: opts.which,
      isRoot,
      os,
      req: requirementsOf(plan, opts.hostArch ?? detectHostArch()),
      dirs,
      timings,
      // Different advice for the two things root is needed for.
      aptAsRoot: makeAsRoot(
        exec,
        isRoot,
        'Run as root, allow passwordless sudo, or use `install: tool-cache` (no root needed).',
      ),
      updateAsRoot: makeAsRoot(
        exec,
        isRoot,
        'Refresh the apt lists first (`sudo apt-get update`), run as root, or allow passwordless sudo.',
      ),
      time: async (name, fn) => {
        const t0 = Date.now()
        try {
          return await fn()
        } finally {
          timings[name] = (timings[name] ?? 0) + (Date.now() - t0)
        }
      },
    }
    const probe = await ctx.time('probe', () => probeHost(ctx.req, ctx))
    return finish(ctx, await install(ctx, probe))
  })
}

/** The install mode's decision: what to take from the host, apt or the tool cache. */
async function install(ctx: Ctx, probe: Probe): Promise<SetupResult> {
  const { req, os, log } = ctx
  switch (ctx.opts.mode) {
    case 'none': {
      const missing = missingOf(req, probe)
      const arch = missing.arches[0]
      if (arch) {
        throw new MissingToolError(
          `install: none and ${archFacts(arch).program} is not in PATH: install it (Debian/Ubuntu: apt-get install ${qemuPackageFor(arch, os.id)}), ` +
            `set qemu_command to its path, or use install: auto`,
        )
      }
      warnMissing(missing, log)
      return { ...fromProbe(ctx, probe), installedVia: 'none' }
    }
    case 'auto': {
      const missing = missingOf(req, probe)
      const packages = debianPackagesFor(missing, os)
      warnUnpackaged(missing, log)
      if (packages.length === 0) {
        log('setup: nothing to install (everything the plan needs that apt can provide is here)')
        return fromProbe(ctx, probe)
      }
      log(`setup: missing ${describe(missing)}; need ${packages.join(' ')}`)
      // A bundle from an earlier run wins (no apt at all). Otherwise build one when the
      // Actions cache can carry it to the next run, or when apt cannot run (no root).
      const existing = (await ctx.time('find', () => findBundle(specFor(ctx, packages)))) !== undefined
      const privileged = ctx.isRoot || (await sudoWorks(ctx.exec))
      if (existing || ctx.opts.cache || !privileged) return bundleFor(ctx, probe, packages, missing)
      return aptFor(ctx, packages)
    }
    case 'apt':
    case 'tool-cache': {
      warnUnpackaged(req, log)
      const packages = debianPackagesFor(req, os)
      if (packages.length === 0) return fromProbe(ctx, probe)
      return ctx.opts.mode === 'apt' ? aptFor(ctx, packages) : bundleFor(ctx, probe, packages, req)
    }
  }
}

/** The host's own tools, as probed. */
function fromProbe(ctx: Ctx, probe: Probe): SetupResult {
  const { versions, ...found } = probe
  return {
    ...found,
    qemuPaths: { ...found.qemuPaths },
    env: {},
    uefiFirmware: { ...found.uefiFirmware },
    versions: { ...versions },
    packages: {},
    installedVia: 'present',
    aptCommandsRun: 0,
    timings: ctx.timings,
    requirements: ctx.req,
  }
}

function specFor(ctx: Ctx, packages: string[]): BundleSpec {
  return {
    requested: packages,
    treatAsMissing: ctx.opts.treatAsMissing ?? [],
    os: ctx.os,
    nodeArch: ctx.opts.nodeArch ?? detectNodeArch(),
  }
}

/** A tool-cache bundle of `packages`: found locally, restored from the Actions cache, or
 *  built; `scope` says which of the plan's needs it covers (the rest stays the host's). */
async function bundleFor(ctx: Ctx, probe: Probe, packages: string[], scope: Requirements): Promise<SetupResult> {
  const { log, opts } = ctx
  if (!isDebianLike(ctx.os)) throw notDebian(ctx.os, packages)
  const spec = specFor(ctx, packages)
  const cacheInfo = {
    key: bundleCacheKey(spec),
    dir: bundleCacheDir(ctx.dirs.toolCache, spec),
    restored: false,
    save: false,
  }
  let layout: BundleLayout | undefined = await ctx.time('find', () => findUsable(ctx, spec))
  if (!layout && opts.cache) {
    cacheInfo.restored = await ctx.time('restore', () =>
      (opts.restoreCache ?? restoreToolCache)(cacheInfo.key, cacheInfo.dir, log),
    )
    if (cacheInfo.restored) layout = await ctx.time('find', () => findUsable(ctx, spec))
  }
  const r = fromProbe(ctx, probe)
  if (layout) {
    log(`tool-cache: using ${layout.dir}${cacheInfo.restored ? ' (restored from the Actions cache)' : ''}`)
  } else {
    log(`tool-cache: building QEMU bundle for ${packages.join(' ')} (.debs unpacked, no root needed)`)
    const built = await buildBundle(spec, {
      exec: ctx.exec,
      log,
      asRoot: ctx.updateAsRoot,
      tempDir: ctx.dirs.temp,
      timings: ctx.timings,
    })
    layout = built.layout
    r.aptCommandsRun += built.aptCommandsRun
    cacheInfo.save = opts.cache
    const problem = await verifyBundle(layout, ctx.exec)
    if (problem) throw new InstallError(`tool-cache QEMU bundle in ${layout.dir} does not run: ${problem}`)
    log(`tool-cache: cached in ${layout.dir}`)
  }
  applyBundle(r, layout, scope)
  r.packages = { ...layout.manifest.packages }
  r.installedVia = 'tool-cache'
  r.cache = cacheInfo
  return r
}

/** The newest bundle of `spec` that matches its manifest and runs; a bad one is a warning
 *  and a miss (it is rebuilt over). */
async function findUsable(ctx: Ctx, spec: BundleSpec): Promise<BundleLayout | undefined> {
  const layout = await findBundle(spec)
  if (!layout) return undefined
  const problem = await verifyBundle(layout, ctx.exec)
  if (problem) {
    ctx.log(`tool-cache: ignoring ${layout.dir}: ${problem}`, 'warning')
    return undefined
  }
  return layout
}

async function aptFor(ctx: Ctx, packages: string[]): Promise<SetupResult> {
  if (!isDebianLike(ctx.os)) throw notDebian(ctx.os, packages)
  const outcome = await ctx.time('apt-install', () =>
    aptInstall(packages, { exec: ctx.exec, asRoot: ctx.aptAsRoot, log: ctx.log }),
  )
  const after = await ctx.time('probe', () => probeHost(ctx.req, ctx))
  const still = missingOf(ctx.req, after)
  const lost = [...still.arches.map((a) => archFacts(a).program), ...(still.guestAgent ? ['qemu-ga'] : [])]
  if (lost.length > 0)
    throw new InstallError(
      `apt-get installed ${packages.join(' ')} but ${lost.join(', ')} is still not in PATH (${process.env.PATH ?? ''})`,
    )
  return {
    ...fromProbe(ctx, after),
    aptCommandsRun: outcome.aptCommandsRun,
    packages: outcome.versions,
    installedVia: 'apt',
  }
}

function notDebian(os: OsRelease, packages: string[]): MissingToolError {
  return new MissingToolError(
    `Installing ${packages.join(' ')} needs apt (Debian or Ubuntu), but this host is ${os.id} ${os.versionId}: ` +
      `install the equivalent packages yourself and use install: none`,
  )
}

/** Takes from the bundle what `scope` asked for, keeping what the host already had. */
function applyBundle(r: SetupResult, layout: BundleLayout, scope: Requirements): void {
  for (const a of scope.arches) {
    const p = layout.qemuPaths[a]
    if (!p) throw new InstallError(`tool-cache bundle ${layout.dir} has no ${archFacts(a).program}`)
    r.qemuPaths[a] = p
    // the probe's version line was the host's QEMU, not this one
    delete r.versions[archFacts(a).program]
  }
  if (scope.arches.length > 0) {
    r.env = { ...layout.env }
    r.qemuDataDir = layout.dataDir
  }
  for (const a of scope.uefi) if (layout.uefiFirmware[a]) r.uefiFirmware[a] = layout.uefiFirmware[a]
  if (scope.guestAgent && layout.guestAgent) r.guestAgent = { path: layout.guestAgent, env: libEnv(layout) }
  if (scope.initramfs && layout.busybox) r.busybox = layout.busybox
  if (scope.qemuImg && layout.qemuImg) r.qemuImg = { path: layout.qemuImg, env: { ...layout.env } }
  if (scope.virtiofsd && layout.virtiofsd) r.virtiofsd = { path: layout.virtiofsd, env: libEnv(layout) }
}

const libEnv = (layout: BundleLayout): Record<string, string> =>
  layout.env.LD_LIBRARY_PATH ? { LD_LIBRARY_PATH: layout.env.LD_LIBRARY_PATH } : {}

async function finish(ctx: Ctx, r: SetupResult): Promise<SetupResult> {
  await ctx.time('versions', () => collectVersions(r, ctx.exec))
  for (const [name, v] of Object.entries(r.versions)) ctx.log(`${name}: ${v}`)
  return r
}

async function collectVersions(r: SetupResult, exec: Exec): Promise<void> {
  const env = { ...processEnv(), ...r.env }
  for (const [arch, p] of Object.entries(r.qemuPaths) as [Arch, string][]) {
    const name = archFacts(arch).program
    if (r.versions[name]) continue
    const out = await exec(p, ['--version'], { env })
    if (out.exitCode === 0) r.versions[name] = firstLine(out.stdout)
  }
  if (r.guestAgent && !r.versions['qemu-ga']) {
    const out = await exec(r.guestAgent.path, ['--version'], { env: { ...processEnv(), ...r.guestAgent.env } })
    if (out.exitCode === 0) r.versions['qemu-ga'] = firstLine(out.stdout)
  }
}
