// Makes the host able to run a plan: QEMU per arch, qemu-ga, UEFI firmware, busybox,
// qemu-img, installed exactly as the plan needs them, through apt or the tool cache.
//
//   none        use what is installed; QEMU missing is an error
//   auto        use what is installed; for what is missing, a tool-cache bundle (found
//               locally or restored by @actions/cache), else build one (when `cache` is on,
//               or without root), else apt-get install
//   apt         apt-get install every package the plan needs (sudo -n when not root)
//   tool-cache  a bundle of every package the plan needs, unpacked from .debs (no root)
import * as path from 'node:path'
import type { Arch, Plan } from '../plan/types.js'
import { restoreToolCache } from './cache.js'
import { aptUpdateMayHelp } from './apt.js'
import { InstallError, MissingToolError } from './errors.js'
import { outputTail, realExec, type Exec, type Log } from './exec.js'
import { findInPath, hostArch as detectHostArch, isDebianLike, isRootUser, isStaticElf, pathExists, readOsRelease, withRunnerEnv, type OsRelease } from './host.js'
import { asRoot as makeAsRoot, mustSucceed, sudoWorks, type AsRoot } from './privilege.js'
import { debianPackagesFor, isEmpty, qemuPackageFor, QEMU_BINARY, requirementsOf, UEFI_FIRMWARE_CANDIDATES, uefiPackageFor, type Requirements } from './requirements.js'
import { buildBundle, bundleCacheDir, bundleCacheKey, findBundle, nodeArch as detectNodeArch, processEnv, verifyBundle, type BundleLayout, type BundleSpec } from './toolcache.js'

export type InstallMode = 'auto' | 'apt' | 'tool-cache' | 'none'
export const INSTALL_MODES: readonly InstallMode[] = ['auto', 'apt', 'tool-cache', 'none']

/** A program plus the environment it must run with (LD_LIBRARY_PATH for bundled libraries). */
export interface ToolPath {
  path: string
  env: Record<string, string>
}

export interface SetupResult {
  /** Absolute qemu-system-* per arch the plan needs. */
  qemuPaths: Partial<Record<Arch, string>>
  /** Extra environment for QEMU processes (tool-cache: LD_LIBRARY_PATH, QEMU_MODULE_DIR). */
  env: Record<string, string>
  /** `-L` folder for tool-cache QEMU's ROMs. */
  qemuDataDir?: string
  firmwareDirs: string[]
  /** UEFI `-bios` file per arch for UEFI targets without their own `vm.bios`. */
  uefiFirmware: Partial<Record<Arch, string>>
  /** qemu-ga for kernel targets with rootfs `/`. From the tool cache it lives under the tool
   *  cache folder (visible in the guest at the same path) and may need `env` there too. */
  guestAgent?: ToolPath
  /** Statically linked busybox for the generated initramfs. */
  busybox?: string
  qemuImg?: ToolPath
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
  which?: (name: string) => Promise<string | undefined>
  osRelease?: OsRelease
  hostArch?: Arch
  nodeArch?: string
  restoreCache?: (key: string, dir: string, log: Log) => Promise<boolean>
  /** Bundle these packages even when installed (tests / diagnostics). */
  treatAsMissing?: string[]
}

/** What is already usable on the host. */
interface Probe {
  qemu: Partial<Record<Arch, string>>
  versions: Record<string, string>
  guestAgent?: string
  busybox?: string
  qemuImg?: string
  uefi: Partial<Record<Arch, string>>
}

export async function setupHost(plan: Plan, opts: SetupOptions): Promise<SetupResult> {
  const exec = opts.exec ?? realExec
  const log = opts.log
  const which = opts.which ?? ((n: string) => findInPath(n))
  const isRoot = opts.isRoot ?? isRootUser()
  const os = opts.osRelease ?? (await readOsRelease())
  const host = opts.hostArch ?? detectHostArch()
  const timings: Record<string, number> = {}
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now()
    try {
      return await fn()
    } finally {
      timings[name] = (timings[name] ?? 0) + (Date.now() - t0)
    }
  }
  const req = requirementsOf(plan, host)
  // Different advice for the two things root is needed for.
  const aptAsRoot = makeAsRoot(exec, isRoot, 'Run as root, allow passwordless sudo, or use `install: tool-cache` (no root needed).')
  const updateAsRoot = makeAsRoot(exec, isRoot, 'Refresh the apt lists first (`sudo apt-get update`), run as root, or allow passwordless sudo.')

  return withRunnerEnv(opts.toolCacheDir, async (dirs) => {
    const probe = await time('probe', () => probeHost(req, { exec, which }))
    const base = (): SetupResult => ({
      qemuPaths: { ...probe.qemu },
      env: {},
      firmwareDirs: [],
      uefiFirmware: { ...probe.uefi },
      guestAgent: probe.guestAgent ? { path: probe.guestAgent, env: {} } : undefined,
      busybox: probe.busybox,
      qemuImg: probe.qemuImg ? { path: probe.qemuImg, env: {} } : undefined,
      versions: { ...probe.versions },
      packages: {},
      installedVia: 'present',
      aptCommandsRun: 0,
      timings,
      requirements: req,
    })
    const finish = async (r: SetupResult): Promise<SetupResult> => {
      await time('versions', () => collectVersions(r, exec))
      r.firmwareDirs = [...new Set([...r.firmwareDirs, ...(await systemFirmwareDirs())])]
      for (const [name, v] of Object.entries(r.versions)) log(`${name}: ${v}`)
      return r
    }

    const specFor = (packages: string[]): BundleSpec => ({
      requested: packages,
      treatAsMissing: opts.treatAsMissing ?? [],
      os,
      nodeArch: opts.nodeArch ?? detectNodeArch(),
    })
    const bundleFor = async (packages: string[], scope: Requirements): Promise<SetupResult> => {
      if (!isDebianLike(os)) throw notDebian(os, packages)
      const spec = specFor(packages)
      const cacheInfo = { key: bundleCacheKey(spec), dir: bundleCacheDir(dirs.toolCache, spec), restored: false, save: false }
      let layout = await time('find', () => findUsable(spec))
      if (!layout && opts.cache) {
        cacheInfo.restored = await time('restore', () => (opts.restoreCache ?? restoreToolCache)(cacheInfo.key, cacheInfo.dir, log))
        if (cacheInfo.restored) layout = await time('find', () => findUsable(spec))
      }
      const r = base()
      if (layout) {
        log(`tool-cache: using ${layout.dir}${cacheInfo.restored ? ' (restored from the Actions cache)' : ''}`)
      } else {
        log(`tool-cache: building QEMU bundle for ${packages.join(' ')} (.debs unpacked, no root needed)`)
        const built = await buildBundle(spec, { exec, log, asRoot: updateAsRoot, tempDir: dirs.temp, timings })
        layout = built.layout
        r.aptCommandsRun += built.aptCommandsRun
        cacheInfo.save = opts.cache
        const problem = await verifyBundle(layout, exec)
        if (problem) throw new InstallError(`tool-cache QEMU bundle in ${layout.dir} does not run: ${problem}`)
        log(`tool-cache: cached in ${layout.dir}`)
      }
      applyBundle(r, layout, scope)
      r.packages = { ...layout.manifest.packages }
      r.installedVia = 'tool-cache'
      r.cache = cacheInfo
      return r
    }
    const findUsable = async (spec: BundleSpec): Promise<BundleLayout | undefined> => {
      const layout = await findBundle(spec)
      if (!layout) return undefined
      const problem = await verifyBundle(layout, exec)
      if (problem) {
        log(`tool-cache: ignoring ${layout.dir}: ${problem}`, 'warning')
        return undefined
      }
      return layout
    }

    const aptFor = async (packages: string[]): Promise<SetupResult> => {
      if (!isDebianLike(os)) throw notDebian(os, packages)
      const r = base()
      const outcome = await time('apt-install', () => aptInstall(packages, { exec, asRoot: aptAsRoot, log }))
      r.aptCommandsRun += outcome.aptCommandsRun
      r.packages = outcome.versions
      const after = await time('probe', () => probeHost(req, { exec, which }))
      Object.assign(r, {
        qemuPaths: after.qemu,
        uefiFirmware: after.uefi,
        guestAgent: after.guestAgent ? { path: after.guestAgent, env: {} } : undefined,
        busybox: after.busybox,
        qemuImg: after.qemuImg ? { path: after.qemuImg, env: {} } : undefined,
        versions: after.versions,
      })
      const still = missingOf(req, after)
      const lost = [...still.arches.map((a) => QEMU_BINARY[a]), ...(still.guestAgent ? ['qemu-ga'] : [])]
      if (lost.length > 0) throw new InstallError(`apt-get installed ${packages.join(' ')} but ${lost.join(', ')} is still not in PATH (${process.env.PATH ?? ''})`)
      r.installedVia = 'apt'
      return r
    }

    switch (opts.mode) {
      case 'none': {
        const missing = missingOf(req, probe)
        const arch = missing.arches[0]
        if (arch) {
          throw new MissingToolError(
            `install: none and ${QEMU_BINARY[arch]} is not in PATH: install it (Debian/Ubuntu: apt-get install ${qemuPackageFor(arch, os)}), ` +
              `set qemu_command to its path, or use install: auto`,
          )
        }
        warnMissing(missing, log)
        const r = base()
        r.installedVia = 'none'
        return finish(r)
      }
      case 'auto': {
        const missing = missingOf(req, probe)
        const packages = debianPackagesFor(missing, os)
        warnUnpackaged(missing, log)
        if (packages.length === 0) {
          log('setup: nothing to install (everything the plan needs that apt can provide is here)')
          return finish(base())
        }
        log(`setup: missing ${describe(missing)}; need ${packages.join(' ')}`)
        // A bundle from an earlier run wins (no apt at all). Otherwise build one when the
        // Actions cache can carry it to the next run, or when apt cannot run (no root).
        const existing = (await time('find', () => findBundle(specFor(packages)))) !== undefined
        const privileged = isRoot || (await sudoWorks(exec))
        if (existing || opts.cache || !privileged) return finish(await bundleFor(packages, missing))
        return finish(await aptFor(packages))
      }
      case 'apt': {
        warnUnpackaged(req, log)
        const packages = debianPackagesFor(req, os)
        if (packages.length === 0) return finish(base())
        return finish(await aptFor(packages))
      }
      case 'tool-cache': {
        warnUnpackaged(req, log)
        const packages = debianPackagesFor(req, os)
        if (packages.length === 0) return finish(base())
        return finish(await bundleFor(packages, req))
      }
    }
  })
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
    if (!p) throw new InstallError(`tool-cache bundle ${layout.dir} has no ${QEMU_BINARY[a]}`)
    r.qemuPaths[a] = p
    // the probe's version line was the host's QEMU, not this one
    delete r.versions[QEMU_BINARY[a]]
  }
  if (scope.arches.length > 0) {
    r.env = { ...layout.env }
    r.qemuDataDir = layout.dataDir
  }
  for (const a of scope.uefi) if (layout.uefiFirmware[a]) r.uefiFirmware[a] = layout.uefiFirmware[a]
  if (scope.guestAgent && layout.guestAgent) r.guestAgent = { path: layout.guestAgent, env: libEnv(layout) }
  if (scope.initramfs && layout.busybox) r.busybox = layout.busybox
  if (scope.qemuImg && layout.qemuImg) r.qemuImg = { path: layout.qemuImg, env: { ...layout.env } }
  r.firmwareDirs = [...layout.firmwareDirs]
}

const libEnv = (layout: BundleLayout): Record<string, string> =>
  layout.env.LD_LIBRARY_PATH ? { LD_LIBRARY_PATH: layout.env.LD_LIBRARY_PATH } : {}

async function probeHost(req: Requirements, deps: { exec: Exec; which: (name: string) => Promise<string | undefined> }): Promise<Probe> {
  const probe: Probe = { qemu: {}, versions: {}, uefi: {} }
  for (const arch of req.arches) {
    const bin = QEMU_BINARY[arch]
    const p = await deps.which(bin)
    if (!p) continue
    const r = await deps.exec(p, ['--version'])
    if (r.exitCode === 0) {
      probe.qemu[arch] = p
      probe.versions[bin] = firstLine(r.stdout)
    }
  }
  if (req.guestAgent) probe.guestAgent = await deps.which('qemu-ga')
  if (req.initramfs) {
    for (const candidate of [await deps.which('busybox'), '/bin/busybox', '/usr/bin/busybox']) {
      if (candidate && (await isStaticElf(candidate))) {
        probe.busybox = candidate
        break
      }
    }
  }
  if (req.qemuImg) probe.qemuImg = await deps.which('qemu-img')
  for (const arch of req.uefi) {
    for (const rel of UEFI_FIRMWARE_CANDIDATES[arch] ?? []) {
      if (await pathExists('/' + rel)) {
        probe.uefi[arch] = '/' + rel
        break
      }
    }
  }
  return probe
}

/** The part of `req` the host does not provide. All QEMU arches come from one place: if one
 *  is missing they are all taken from the bundle, because the bundle's QEMU_MODULE_DIR would
 *  make a host QEMU of another build refuse to load its modules. */
function missingOf(req: Requirements, probe: Probe): Requirements {
  const anyQemuMissing = req.arches.some((a) => !probe.qemu[a])
  return {
    arches: anyQemuMissing ? [...req.arches] : [],
    guestAgent: req.guestAgent && !probe.guestAgent,
    uefi: req.uefi.filter((a) => !probe.uefi[a]),
    initramfs: req.initramfs && !probe.busybox,
    qemuImg: req.qemuImg && !probe.qemuImg,
    kvm: req.kvm,
  }
}

function describe(req: Requirements): string {
  const parts = [
    ...req.arches.map((a) => QEMU_BINARY[a]),
    ...(req.guestAgent ? ['qemu-ga'] : []),
    ...req.uefi.map((a) => `UEFI firmware (${a})`),
    ...(req.initramfs ? ['static busybox'] : []),
    ...(req.qemuImg ? ['qemu-img'] : []),
  ]
  return isEmpty(req) ? 'nothing' : parts.join(', ')
}

function warnMissing(missing: Requirements, log: Log): void {
  if (missing.guestAgent) log('qemu-ga is not installed: kernel targets with rootfs / cannot start the guest agent (install qemu-guest-agent)', 'warning')
  for (const a of missing.uefi) log(`no UEFI firmware found for ${a} (${(UEFI_FIRMWARE_CANDIDATES[a] ?? []).map((r) => '/' + r).join(', ') || 'none packaged'}): set vm.bios`, 'warning')
  if (missing.initramfs) log('no static busybox found: stock distro kernels cannot boot through the generated initramfs (install busybox-static)', 'warning')
  if (missing.qemuImg) log('qemu-img is not installed: image overlays are unavailable (install qemu-utils)', 'warning')
}

/** UEFI on arches Debian/Ubuntu package no `-bios` firmware for: nothing to install. */
function warnUnpackaged(req: Requirements, log: Log): void {
  for (const a of req.uefi) {
    if (!uefiPackageFor(a)) log(`no packaged UEFI firmware for ${a}: set vm.bios for its UEFI targets`, 'warning')
  }
}

interface AptOutcome {
  aptCommandsRun: number
  versions: Record<string, string>
}

/** apt-get install, with `apt-get update` only when the install fails for missing or stale
 *  package lists. */
async function aptInstall(packages: string[], deps: { exec: Exec; asRoot: AsRoot; log: Log }): Promise<AptOutcome> {
  const env = { ...processEnv(), DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' }
  const args = ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', ...packages]
  let count = 1
  deps.log(`apt-get install ${packages.join(' ')}`)
  let r = await deps.asRoot('apt-get', args, `Installing ${packages.join(' ')} with apt-get`, { env })
  if (r.exitCode !== 0 && aptUpdateMayHelp(r.stderr + r.stdout)) {
    deps.log(`apt-get install failed (${outputTail(r, 1)}); running apt-get update and trying again`)
    const upd = ['update', '-o', 'DPkg::Lock::Timeout=120']
    count++
    mustSucceed(await deps.asRoot('apt-get', upd, 'Refreshing apt lists (apt-get update)', { env }), 'apt-get', upd, 'Check the apt sources of this host (network, mirror).')
    count++
    r = await deps.asRoot('apt-get', args, `Installing ${packages.join(' ')} with apt-get`, { env })
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

async function collectVersions(r: SetupResult, exec: Exec): Promise<void> {
  const env = { ...processEnv(), ...r.env }
  for (const [arch, p] of Object.entries(r.qemuPaths) as [Arch, string][]) {
    const name = QEMU_BINARY[arch]
    if (r.versions[name]) continue
    const out = await exec(p, ['--version'], { env })
    if (out.exitCode === 0) r.versions[name] = firstLine(out.stdout)
  }
  if (r.guestAgent && !r.versions['qemu-ga']) {
    const out = await exec(r.guestAgent.path, ['--version'], { env: { ...processEnv(), ...r.guestAgent.env } })
    if (out.exitCode === 0) r.versions['qemu-ga'] = firstLine(out.stdout)
  }
}

async function systemFirmwareDirs(): Promise<string[]> {
  const out: string[] = []
  for (const d of ['/usr/share/OVMF', '/usr/share/ovmf', '/usr/share/AAVMF', '/usr/share/qemu-efi-aarch64', '/usr/share/edk2/ovmf', '/usr/share/edk2/aarch64']) {
    if (await pathExists(d)) out.push(path.resolve(d))
  }
  return out
}

const firstLine = (s: string): string => s.trim().split('\n')[0] ?? ''
