// QEMU and firmware as a relocatable bundle in the runner tool cache, built from the
// distro's own .debs without root: `apt-get download` + `dpkg-deb -x`, including the shared
// libraries QEMU needs that this host lacks. A later run (or a run after the folder is
// restored by @actions/cache) finds it with @actions/tool-cache and runs no apt at all.
//
// Layout: $RUNNER_TOOL_CACHE/<toolName>/<version>/<arch>/{root/…, manifest.json}
//   toolName = vmtest-qemu-<hash of the requested package set>  (one folder per set, so the
//              @actions/cache path is known before anything is restored)
//   version  = 1.0.0-<os tag>.p<hash of the package versions>   (semver, as tool-cache wants)
//   arch     = node's os.arch()
import { createHash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import { ARCHES, type Arch } from '../plan/types.js'
import { aptUpdateMayHelp, parseAptCacheDepends, parseAptCachePolicy, parseDebFileName, selectBundlePackages, type BundleSelection } from './apt.js'
import { InstallError } from './errors.js'
import { formatCommand, outputTail, type Exec, type ExecResult, type Log } from './exec.js'
import { osTag, pathExists, type OsRelease } from './host.js'
import { mustSucceed, type AsRoot } from './privilege.js'
import { QEMU_BINARY, UEFI_FIRMWARE_CANDIDATES } from './requirements.js'

const SCHEMA = 1

const shortHash = (text: string, len = 12): string => createHash('sha256').update(text).digest('hex').slice(0, len)

export interface BundleSpec {
  /** Packages asked for (debianPackagesFor of the requirements). */
  requested: string[]
  /** Packages bundled even when installed here (tests, diagnostics). */
  treatAsMissing: string[]
  os: OsRelease
  /** Node-style arch of the host (`os.arch()`), the tool-cache arch folder. */
  nodeArch: string
}

const setId = (spec: BundleSpec): string =>
  shortHash([...spec.requested].sort().join(' ') + '|' + [...spec.treatAsMissing].sort().join(' '), 10)

export function bundleToolName(spec: BundleSpec): string {
  return `vmtest-qemu-${setId(spec)}`
}

/** The @actions/cache key: OS release, arch and package set. Package versions are not in it
 *  because they are only known after asking apt, which a warm run must not do; the bundle
 *  records them in its manifest and its version folder. */
export function bundleCacheKey(spec: BundleSpec): string {
  return `vmtest-qemu-v${SCHEMA}-${osTag(spec.os)}-${spec.nodeArch}-${setId(spec)}`
}

/** The folder @actions/cache saves and restores: every version of this package set. */
export function bundleCacheDir(toolCacheRoot: string, spec: BundleSpec): string {
  return path.join(toolCacheRoot, bundleToolName(spec))
}

export function bundleVersion(spec: BundleSpec, packages: Record<string, string>): string {
  const pkgs = Object.entries(packages)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, v]) => `${n}=${v}`)
    .join('\n')
  return `1.0.0-${osTag(spec.os)}.p${shortHash(pkgs)}`
}

export interface BundleManifest {
  schema: number
  os: string
  nodeArch: string
  requested: string[]
  treatAsMissing: string[]
  /** package → version of every .deb unpacked */
  packages: Record<string, string>
  builtAt: string
}

/** What a bundle provides, as absolute paths. */
export interface BundleLayout {
  dir: string
  manifest: BundleManifest
  qemuPaths: Partial<Record<Arch, string>>
  guestAgent?: string
  busybox?: string
  qemuImg?: string
  /** Folders with unpacked shared libraries, for LD_LIBRARY_PATH. */
  libDirs: string[]
  /** QEMU's loadable modules (accel-tcg-*.so lives there on Debian), for QEMU_MODULE_DIR. */
  moduleDir?: string
  /** QEMU's data folder (ROMs), for `-L`. */
  dataDir?: string
  firmwareDirs: string[]
  uefiFirmware: Partial<Record<Arch, string>>
  /** Environment for processes started from the bundle (QEMU, qemu-ga, qemu-img). */
  env: Record<string, string>
}

/** The newest complete bundle of this package set built for this OS release, or undefined.
 *  Only reads the file system (no apt). Call inside withRunnerEnv. */
export async function findBundle(spec: BundleSpec): Promise<BundleLayout | undefined> {
  const tool = bundleToolName(spec)
  const prefix = `1.0.0-${osTag(spec.os)}.`
  const versions = tc.findAllVersions(tool, spec.nodeArch).filter((v) => v.startsWith(prefix))
  const found: { dir: string; mtime: number }[] = []
  for (const v of versions) {
    const dir = tc.find(tool, v, spec.nodeArch)
    if (!dir) continue
    const st = await fs.stat(`${dir}.complete`).catch(() => undefined)
    found.push({ dir, mtime: st?.mtimeMs ?? 0 })
  }
  found.sort((a, b) => b.mtime - a.mtime)
  for (const { dir } of found) {
    const layout = await describeBundle(dir).catch(() => undefined)
    if (layout && layout.manifest.schema === SCHEMA) return layout
  }
  return undefined
}

/** Runs `--version` of every QEMU in the bundle with its environment. A bundle restored onto
 *  a host that lacks a library it did not carry fails here, and is rebuilt. */
export async function verifyBundle(layout: BundleLayout, exec: Exec): Promise<string | undefined> {
  const env = { ...processEnv(), ...layout.env }
  for (const bin of Object.values(layout.qemuPaths)) {
    const r = await exec(bin, ['--version'], { env })
    if (r.exitCode !== 0) return `${bin} --version failed (exit ${r.exitCode}): ${outputTail(r, 3)}`
  }
  return undefined
}

export function processEnv(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v
  return out
}

export async function describeBundle(dir: string): Promise<BundleLayout> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest
  const root = path.join(dir, 'root')
  const firstExisting = async (rels: string[]): Promise<string | undefined> => {
    for (const r of rels) {
      const p = path.join(root, r)
      if (await pathExists(p)) return p
    }
    return undefined
  }
  const qemuPaths: Partial<Record<Arch, string>> = {}
  for (const arch of ARCHES) {
    const p = await firstExisting([`usr/bin/${QEMU_BINARY[arch]}`])
    if (p) qemuPaths[arch] = p
  }
  const uefiFirmware: Partial<Record<Arch, string>> = {}
  for (const arch of ARCHES) {
    const p = await firstExisting(UEFI_FIRMWARE_CANDIDATES[arch] ?? [])
    if (p) uefiFirmware[arch] = p
  }
  const libDirs = await findLibDirs(root)
  const moduleDir = await findModuleDir(root)
  const env: Record<string, string> = {}
  if (libDirs.length > 0) {
    env.LD_LIBRARY_PATH = [...libDirs, ...(process.env.LD_LIBRARY_PATH ? [process.env.LD_LIBRARY_PATH] : [])].join(':')
  }
  if (moduleDir) env.QEMU_MODULE_DIR = moduleDir
  const firmwareDirs: string[] = []
  for (const rel of ['usr/share/OVMF', 'usr/share/ovmf', 'usr/share/AAVMF', 'usr/share/qemu-efi-aarch64', 'usr/share/qemu', 'usr/share/seabios']) {
    const p = path.join(root, rel)
    if (await pathExists(p)) firmwareDirs.push(p)
  }
  return {
    dir,
    manifest,
    qemuPaths,
    guestAgent: await firstExisting(['usr/sbin/qemu-ga', 'usr/bin/qemu-ga']),
    busybox: await firstExisting(['bin/busybox', 'usr/bin/busybox']),
    qemuImg: await firstExisting(['usr/bin/qemu-img']),
    libDirs,
    moduleDir,
    dataDir: await firstExisting(['usr/share/qemu']),
    firmwareDirs,
    uefiFirmware,
    env,
  }
}

const SHARED_OBJECT = /\.so(\.\d+)*$/

/** Folders under root's lib trees holding shared objects, excluding QEMU's module folder
 *  (modules are not libraries; QEMU_MODULE_DIR points at them). */
async function findLibDirs(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
    if (entries.some((e) => !e.isDirectory() && SHARED_OBJECT.test(e.name))) out.push(dir)
    if (depth === 0) return
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'qemu') await walk(path.join(dir, e.name), depth - 1)
    }
  }
  for (const top of ['lib', 'lib64', 'usr/lib', 'usr/lib64']) await walk(path.join(root, top), 2)
  return out
}

async function findModuleDir(root: string): Promise<string | undefined> {
  const usrLib = path.join(root, 'usr/lib')
  const candidates = [path.join(usrLib, 'qemu')]
  for (const e of await fs.readdir(usrLib, { withFileTypes: true }).catch(() => [])) {
    if (e.isDirectory()) candidates.unshift(path.join(usrLib, e.name, 'qemu'))
  }
  for (const c of candidates) {
    const names = await fs.readdir(c).catch(() => [] as string[])
    if (names.some((n) => n.endsWith('.so'))) return c
  }
  return undefined
}

export interface BuildContext {
  exec: Exec
  log: Log
  asRoot: AsRoot
  /** Folder for staging (RUNNER_TEMP). */
  tempDir: string
  timings: Record<string, number>
}

export interface BuildResult {
  layout: BundleLayout
  aptCommandsRun: number
}

const APT_DEPENDS_FLAGS = ['--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances']

/** Builds a bundle of `spec.requested` and their missing libraries into the tool cache. */
export async function buildBundle(spec: BundleSpec, ctx: BuildContext): Promise<BuildResult> {
  const { exec, log } = ctx
  let aptCommandsRun = 0
  const run: Run = async (command, args, cwd) => {
    if (command.startsWith('apt')) aptCommandsRun++
    return exec(command, args, { cwd, env: { ...processEnv(), LC_ALL: 'C' } })
  }
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now()
    try {
      return await fn()
    } finally {
      ctx.timings[name] = (ctx.timings[name] ?? 0) + (Date.now() - t0)
    }
  }

  await fs.mkdir(ctx.tempDir, { recursive: true })
  const stage = await fs.mkdtemp(path.join(ctx.tempDir, 'vmtest-qemu-'))
  try {
    let updated = false
    const updateLists = async (reason: string): Promise<void> => {
      log(`apt lists look missing or stale (${reason}); running apt-get update`)
      aptCommandsRun++
      await time('apt-update', async () => {
        const args = ['update', '-o', 'DPkg::Lock::Timeout=120']
        mustSucceed(await ctx.asRoot('apt-get', args, 'Refreshing apt lists (apt-get update)'), 'apt-get', args,
          'Check the apt sources of this host (network, mirror).')
      })
      updated = true
    }

    for (;;) {
      // 1. Which packages, at which versions.
      const resolved = await time('resolve', () => resolveSelection(spec, run))
      if (!resolved.ok) {
        const out = resolved.result.stderr + resolved.result.stdout
        if (!updated && (aptUpdateMayHelp(out) || /No packages found/.test(out))) {
          await updateLists(outputTail(resolved.result, 1))
          continue
        }
        throw new InstallError(`\`${formatCommand('apt-cache', resolved.args)}\` failed: ${outputTail(resolved.result)}\n` +
          `The tool-cache install needs apt-cache and apt-get (Debian or Ubuntu).`)
      }
      const { packages, unavailable } = resolved.selection
      if (unavailable.length > 0) {
        if (!updated) {
          await updateLists(`no version known for ${unavailable.join(', ')}`)
          continue
        }
        throw new InstallError(`apt knows no version of ${unavailable.join(', ')} even after apt-get update: ` +
          `this OS release may not package it; install QEMU yourself and use \`install: none\`.`)
      }
      log(`tool-cache: fetching ${packages.length} packages: ${packages.map((p) => p.name).join(' ')}`)

      // 2. Download the .debs (no root: apt-get download writes into the current folder).
      const debDir = path.join(stage, 'debs')
      await fs.rm(debDir, { recursive: true, force: true })
      await fs.mkdir(debDir, { recursive: true })
      // (As root, apt warns that it downloads "unsandboxed" because _apt cannot write into
      // our private temp folder; that is harmless.)
      const dlArgs = ['download', ...packages.map((p) => `${p.name}=${p.version}`)]
      const dl = await time('download', () => run('apt-get', dlArgs, debDir))
      if (dl.exitCode !== 0) {
        if (!updated && aptUpdateMayHelp(dl.stderr + dl.stdout)) {
          await updateLists(outputTail(dl, 1))
          continue
        }
        mustSucceed(dl, 'apt-get', dlArgs, 'Check the apt sources of this host (network, mirror).')
      }

      // 3. Unpack them into root/ (dpkg-deb -x needs no root).
      const root = path.join(stage, 'bundle', 'root')
      await fs.mkdir(root, { recursive: true })
      const debs = (await fs.readdir(debDir)).filter((f) => f.endsWith('.deb')).sort()
      const unpacked: Record<string, string> = {}
      await time('unpack', async () => {
        // One at a time, in name order: packages may ship the same folders, and a fixed order
        // keeps the result the same from run to run.
        for (const deb of debs) {
          const args = ['-x', path.join(debDir, deb), root]
          mustSucceed(await exec('dpkg-deb', args), 'dpkg-deb', args, 'dpkg-deb comes with dpkg (Debian/Ubuntu).')
          const info = parseDebFileName(deb)
          if (info) unpacked[info.name] = info.version
        }
        await pruneAndRelink(root)
      })
      const missing = packages.filter((p) => unpacked[p.name] === undefined).map((p) => p.name)
      if (missing.length > 0) throw new InstallError(`apt-get download did not produce .debs for ${missing.join(', ')} in ${debDir}`)

      // 4. Into the tool cache, complete with a manifest.
      const manifest: BundleManifest = {
        schema: SCHEMA,
        os: osTag(spec.os),
        nodeArch: spec.nodeArch,
        requested: spec.requested,
        treatAsMissing: spec.treatAsMissing,
        packages: unpacked,
        builtAt: new Date().toISOString(),
      }
      await fs.writeFile(path.join(stage, 'bundle', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
      const dir = await time('tool-cache', () => tc.cacheDir(path.join(stage, 'bundle'), bundleToolName(spec), bundleVersion(spec, unpacked), spec.nodeArch))
      return { layout: await describeBundle(dir), aptCommandsRun }
    }
  } finally {
    await fs.rm(stage, { recursive: true, force: true })
  }
}

type Run = (command: string, args: string[], cwd?: string) => Promise<ExecResult>

type Resolved =
  | { ok: true; selection: BundleSelection }
  | { ok: false; result: ExecResult; args: string[] }

/** Two apt-cache calls: the recursive dependency graph, then installed / candidate versions
 *  of every package in it; the choice itself is pure (selectBundlePackages). */
async function resolveSelection(spec: BundleSpec, run: Run): Promise<Resolved> {
  const depArgs = ['depends', ...APT_DEPENDS_FLAGS, ...spec.requested]
  const deps = await run('apt-cache', depArgs)
  if (deps.exitCode !== 0) return { ok: false, result: deps, args: depArgs }
  const depends = parseAptCacheDepends(deps.stdout)
  const names = new Set<string>(spec.requested)
  for (const [name, groups] of depends) {
    names.add(name)
    for (const g of groups) for (const alt of g) for (const n of alt.virtual ? alt.providers : [alt.name]) names.add(n)
  }
  const polArgs = ['policy', ...names]
  const pol = await run('apt-cache', polArgs)
  if (pol.exitCode !== 0) return { ok: false, result: pol, args: polArgs }
  const selection = selectBundlePackages({
    requested: spec.requested,
    depends,
    policy: parseAptCachePolicy(pol.stdout),
    treatAsMissing: spec.treatAsMissing,
  })
  return { ok: true, selection }
}

/** Drops documentation (smaller cache archives) and turns absolute symlinks into relative
 *  ones inside root, so the bundle works wherever it is unpacked or restored. */
async function pruneAndRelink(root: string): Promise<void> {
  for (const rel of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/lintian', 'usr/share/locale', 'usr/share/bug']) {
    await fs.rm(path.join(root, rel), { recursive: true, force: true })
  }
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) await walk(p)
      else if (e.isSymbolicLink()) {
        const target = await fs.readlink(p)
        if (path.isAbsolute(target)) {
          await fs.unlink(p)
          await fs.symlink(path.relative(path.dirname(p), path.join(root, target)) || '.', p)
        }
      }
    }
  }
  await walk(root)
}

export function nodeArch(): string {
  return os.arch()
}
