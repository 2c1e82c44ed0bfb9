// Building a tool-cache QEMU bundle (layout and lookup: toolcache.ts): resolve the packages
// and the libraries this host lacks with apt-cache, `apt-get download` them (no root), unpack
// each with `dpkg-deb -x`, make symlinks relative, record a digest of every file, and move
// the result into the tool cache. Missing or stale apt lists get one `apt-get update`. Each
// phase says what it does, and downloading / unpacking report per package every few seconds.
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import {
  aptUpdateMayHelp,
  parseAptCacheDepends,
  parseAptCachePolicy,
  parseDebFileName,
  selectBundlePackages,
  type BundleSelection,
} from './apt.js'
import { treeDigests } from './digests.js'
import { InstallError } from './errors.js'
import { formatCommand, outputTail, type Exec, type ExecResult, type Log } from './exec.js'
import { osTag } from './host.js'
import { mustSucceed, type AsRoot } from './privilege.js'
import { formatBytes, formatDuration, PackageProgress, type Clock } from './progress.js'
import {
  SCHEMA,
  bundleToolName,
  bundleVersion,
  describeBundle,
  processEnv,
  type BundleLayout,
  type BundleManifest,
  type BundleSpec,
} from './toolcache.js'

export interface BuildContext {
  exec: Exec
  log: Log
  asRoot: AsRoot
  /** Folder for staging (RUNNER_TEMP). */
  tempDir: string
  timings: Record<string, number>
  /** Clock and interval of the per-package progress lines (tests). */
  now?: Clock
  progressIntervalMs?: number
}

export interface BuildResult {
  layout: BundleLayout
  aptCommandsRun: number
}

const APT_DEPENDS_FLAGS = [
  '--recurse',
  '--no-recommends',
  '--no-suggests',
  '--no-conflicts',
  '--no-breaks',
  '--no-replaces',
  '--no-enhances',
]

type Run = (command: string, args: string[], cwd?: string, onStdoutLine?: (line: string) => void) => Promise<ExecResult>
type Package = { name: string; version: string }

/** One build's state: its apt command count and whether the lists were refreshed yet. */
interface Build {
  spec: BundleSpec
  ctx: BuildContext
  run: Run
  aptCommandsRun: number
  updated: boolean
  time<T>(name: string, fn: () => Promise<T>): Promise<T>
}

function startBuild(spec: BundleSpec, ctx: BuildContext): Build {
  const b: Build = {
    spec,
    ctx,
    aptCommandsRun: 0,
    updated: false,
    run: async (command, args, cwd, onStdoutLine) => {
      if (command.startsWith('apt')) b.aptCommandsRun++
      return ctx.exec(command, args, { cwd, env: { ...processEnv(), LC_ALL: 'C' }, onStdoutLine })
    },
    time: async (name, fn) => {
      const t0 = Date.now()
      try {
        return await fn()
      } finally {
        ctx.timings[name] = (ctx.timings[name] ?? 0) + (Date.now() - t0)
      }
    },
  }
  return b
}

/** Builds a bundle of `spec.requested` and their missing libraries into the tool cache. */
export async function buildBundle(spec: BundleSpec, ctx: BuildContext): Promise<BuildResult> {
  const b = startBuild(spec, ctx)
  await fs.mkdir(ctx.tempDir, { recursive: true })
  const stage = await fs.mkdtemp(path.join(ctx.tempDir, 'vmtest-qemu-'))
  try {
    const debDir = path.join(stage, 'debs')
    const packages = await fetchDebs(b, debDir)
    const root = path.join(stage, 'bundle', 'root')
    const unpacked = await b.time('unpack', () => unpackDebs(b, debDir, root))
    const missing = packages.filter((p) => unpacked[p.name] === undefined).map((p) => p.name)
    if (missing.length > 0)
      throw new InstallError(`apt-get download did not produce .debs for ${missing.join(', ')} in ${debDir}`)
    const dir = await publish(b, path.join(stage, 'bundle'), unpacked)
    return { layout: await describeBundle(dir), aptCommandsRun: b.aptCommandsRun }
  } finally {
    await fs.rm(stage, { recursive: true, force: true })
  }
}

async function updateLists(b: Build, reason: string): Promise<void> {
  b.ctx.log(`apt lists look missing or stale (${reason}); running apt-get update`)
  b.aptCommandsRun++
  await b.time('apt-update', async () => {
    const args = ['update', '-o', 'DPkg::Lock::Timeout=120']
    mustSucceed(
      await b.ctx.asRoot('apt-get', args, 'Refreshing apt lists (apt-get update)'),
      'apt-get',
      args,
      'Check the apt sources of this host (network, mirror).',
    )
  })
  b.updated = true
}

/** Resolves the package set and downloads its .debs into `debDir`, refreshing the apt lists
 *  once when apt's answer says they are missing or stale. */
async function fetchDebs(b: Build, debDir: string): Promise<Package[]> {
  for (;;) {
    b.ctx.log(`tool-cache: resolving ${b.spec.requested.join(' ')} and the libraries this host lacks (apt-cache)`)
    const resolved = await b.time('resolve', () => resolveSelection(b.spec, b.run))
    if (!resolved.ok) {
      const out = resolved.result.stderr + resolved.result.stdout
      if (!b.updated && (aptUpdateMayHelp(out) || /No packages found/.test(out))) {
        await updateLists(b, outputTail(resolved.result, 1))
        continue
      }
      throw new InstallError(
        `\`${formatCommand('apt-cache', resolved.args)}\` failed: ${outputTail(resolved.result)}\n` +
          `The tool-cache install needs apt-cache and apt-get (Debian or Ubuntu).`,
      )
    }
    const { packages, unavailable } = resolved.selection
    if (unavailable.length > 0) {
      if (!b.updated) {
        await updateLists(b, `no version known for ${unavailable.join(', ')}`)
        continue
      }
      throw new InstallError(
        `apt knows no version of ${unavailable.join(', ')} even after apt-get update: ` +
          `this OS release may not package it; install QEMU yourself and use \`install: none\`.`,
      )
    }
    b.ctx.log(`tool-cache: fetching ${packages.length} packages: ${packages.map((p) => p.name).join(' ')}`)
    const dl = await downloadDebs(b, packages, debDir)
    if (dl.exitCode === 0) return packages
    if (!b.updated && aptUpdateMayHelp(dl.stderr + dl.stdout)) {
      await updateLists(b, outputTail(dl, 1))
      continue
    }
    mustSucceed(dl, 'apt-get', downloadArgs(packages), 'Check the apt sources of this host (network, mirror).')
  }
}

const downloadArgs = (packages: Package[]): string[] => ['download', ...packages.map((p) => `${p.name}=${p.version}`)]

/** `apt-get download` writes into the current folder and needs no root. (As root, apt warns
 *  that it downloads "unsandboxed" because _apt cannot write into our private temp folder;
 *  that is harmless.) */
async function downloadDebs(b: Build, packages: Package[], debDir: string): Promise<ExecResult> {
  await fs.rm(debDir, { recursive: true, force: true })
  await fs.mkdir(debDir, { recursive: true })
  const progress = new PackageProgress('tool-cache', b.ctx.log, packages.length, b.ctx.now, b.ctx.progressIntervalMs)
  const t0 = Date.now()
  const r = await b.time('download', () => b.run('apt-get', downloadArgs(packages), debDir, (l) => progress.line(l)))
  if (r.exitCode === 0) {
    const sizes = await Promise.all(
      (await fs.readdir(debDir)).map((f) =>
        fs.stat(path.join(debDir, f)).then(
          (st) => st.size,
          () => 0,
        ),
      ),
    )
    b.ctx.log(
      `tool-cache: downloaded ${packages.length} .debs, ${formatBytes(sizes.reduce((a, n) => a + n, 0))} in ${formatDuration(Date.now() - t0)}`,
    )
  }
  return r
}

/** Unpacks every .deb into `root` (dpkg-deb -x needs no root); package → version. */
async function unpackDebs(b: Build, debDir: string, root: string): Promise<Record<string, string>> {
  await fs.mkdir(root, { recursive: true })
  const debs = (await fs.readdir(debDir)).filter((f) => f.endsWith('.deb')).sort()
  const unpacked: Record<string, string> = {}
  const progress = new PackageProgress('tool-cache', b.ctx.log, debs.length, b.ctx.now, b.ctx.progressIntervalMs)
  // One at a time, in name order: packages may ship the same folders, and a fixed order keeps
  // the result the same from run to run.
  for (const deb of debs) {
    const info = parseDebFileName(deb)
    progress.event({ kind: 'unpack', name: info?.name ?? deb })
    const args = ['-x', path.join(debDir, deb), root]
    mustSucceed(await b.ctx.exec('dpkg-deb', args), 'dpkg-deb', args, 'dpkg-deb comes with dpkg (Debian/Ubuntu).')
    if (info) unpacked[info.name] = info.version
  }
  await pruneAndRelink(root)
  return unpacked
}

/** Writes the manifest (with every file's digest) and moves the bundle into the tool cache. */
async function publish(b: Build, bundle: string, unpacked: Record<string, string>): Promise<string> {
  const { spec } = b
  const manifest: BundleManifest = {
    schema: SCHEMA,
    os: osTag(spec.os),
    nodeArch: spec.nodeArch,
    requested: spec.requested,
    treatAsMissing: spec.treatAsMissing,
    packages: unpacked,
    builtAt: new Date().toISOString(),
    files: await b.time('digest', () => {
      b.ctx.log('tool-cache: recording a digest of every file in the bundle')
      return treeDigests(path.join(bundle, 'root'))
    }),
  }
  await fs.writeFile(path.join(bundle, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  b.ctx.log(`tool-cache: storing the bundle (${Object.keys(manifest.files).length} files) in the tool cache`)
  return b.time('tool-cache', () =>
    tc.cacheDir(bundle, bundleToolName(spec), bundleVersion(spec, unpacked), spec.nodeArch),
  )
}

type Resolved = { ok: true; selection: BundleSelection } | { ok: false; result: ExecResult; args: string[] }

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
  for (const rel of [
    'usr/share/doc',
    'usr/share/man',
    'usr/share/info',
    'usr/share/lintian',
    'usr/share/locale',
    'usr/share/bug',
  ]) {
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
