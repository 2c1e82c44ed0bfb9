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
import { existsSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import type { UefiFirmware } from '../plan/host-setup.js'
import { ARCHES, type Arch } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'
import { findUefiFirmware } from '../platform/host-tools.js'
import { treeMismatch } from './digests.js'
import { outputTail, type Exec } from './exec.js'
import { osTag, pathExists, type OsRelease } from './host.js'

/** 2: the manifest records a digest of every file (`files`). */
export const SCHEMA = 2

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
  /** Digest of every entry under root/ when the bundle was made (see digests.ts). */
  files: Record<string, string>
}

/** What a bundle provides, as absolute paths. */
export interface BundleLayout {
  dir: string
  manifest: BundleManifest
  qemuPaths: Partial<Record<Arch, string>>
  guestAgent?: string
  busybox?: string
  qemuImg?: string
  /** virtiofsd (the `virtiofsd` package's, or qemu-system-common's on older releases). */
  virtiofsd?: string
  /** Folders with unpacked shared libraries, for LD_LIBRARY_PATH. */
  libDirs: string[]
  /** QEMU's loadable modules (accel-tcg-*.so lives there on Debian), for QEMU_MODULE_DIR. */
  moduleDir?: string
  /** QEMU's data folder (ROMs), for `-L`. */
  dataDir?: string
  uefiFirmware: Partial<Record<Arch, UefiFirmware>>
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

/** Checks a bundle before anything in it runs: every file as recorded when it was built
 *  (a restored cache or a shared tool-cache folder may have been tampered with), then
 *  `--version` of every QEMU with its environment (a bundle restored onto a host that lacks a
 *  library it did not carry fails there). The problem, or undefined; either failure makes
 *  the caller rebuild it. */
export async function verifyBundle(layout: BundleLayout, exec: Exec): Promise<string | undefined> {
  const tampered = await treeMismatch(path.join(layout.dir, 'root'), layout.manifest.files)
  if (tampered) return `its contents do not match its manifest: ${tampered}`
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
  const uefiFirmware: Partial<Record<Arch, UefiFirmware>> = {}
  for (const arch of ARCHES) {
    const p = await firstExisting([`usr/bin/${archFacts(arch).program}`])
    if (p) qemuPaths[arch] = p
    const fw = findUefiFirmware(arch, root, existsSync)
    if (fw) uefiFirmware[arch] = fw
  }
  const libDirs = await findLibDirs(root)
  const moduleDir = await findModuleDir(root)
  const env: Record<string, string> = {}
  if (libDirs.length > 0) {
    env.LD_LIBRARY_PATH = [...libDirs, ...(process.env.LD_LIBRARY_PATH ? [process.env.LD_LIBRARY_PATH] : [])].join(':')
  }
  if (moduleDir) env.QEMU_MODULE_DIR = moduleDir
  return {
    dir,
    manifest,
    qemuPaths,
    guestAgent: await firstExisting(['usr/sbin/qemu-ga', 'usr/bin/qemu-ga']),
    busybox: await firstExisting(['bin/busybox', 'usr/bin/busybox']),
    qemuImg: await firstExisting(['usr/bin/qemu-img']),
    virtiofsd: await firstExisting(['usr/libexec/virtiofsd', 'usr/lib/qemu/virtiofsd']),
    libDirs,
    moduleDir,
    dataDir: await firstExisting(['usr/share/qemu']),
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

export function nodeArch(): string {
  return os.arch()
}

/** Before the post step saves `dir` (the folder its state names) to the Actions cache: it
 *  must be a bundle folder of the tool cache, and every bundle in it must match its
 *  manifest. The problem, or undefined when it may be saved. */
export async function verifyCacheDir(dir: string, toolCacheRoot: string): Promise<string | undefined> {
  const resolved = path.resolve(dir)
  if (path.dirname(resolved) !== path.resolve(toolCacheRoot) || !path.basename(resolved).startsWith('vmtest-qemu-')) {
    return `${dir} is not a QEMU bundle folder of the tool cache ${toolCacheRoot}`
  }
  let bundles = 0
  for (const version of await fs.readdir(resolved, { withFileTypes: true }).catch(() => [])) {
    if (!version.isDirectory()) continue
    for (const arch of await fs.readdir(path.join(resolved, version.name), { withFileTypes: true })) {
      if (!arch.isDirectory()) continue
      const bundle = path.join(resolved, version.name, arch.name)
      const manifest = await fs.readFile(path.join(bundle, 'manifest.json'), 'utf8').then(
        (t) => JSON.parse(t) as BundleManifest,
        () => undefined,
      )
      const problem = manifest ? await treeMismatch(path.join(bundle, 'root'), manifest.files) : 'it has no manifest'
      if (problem) return `${bundle}: ${problem}`
      bundles++
    }
  }
  return bundles > 0 ? undefined : `${dir} holds no bundle`
}
