// Facts about the host setup needs: its arch, its OS release, where programs are, and where
// the runner's tool cache and temp folders are (defaulted outside GitHub Actions).
import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

export { hostArch } from '../platform/arch.js'
export { isStaticElfFile as isStaticElf, whichProgram as findInPath } from '../platform/host-tools.js'

export interface OsRelease {
  /** `ID` of /etc/os-release, e.g. 'debian', 'ubuntu'. */
  id: string
  /** `VERSION_ID`, e.g. '12', '24.04' ('' on rolling releases). */
  versionId: string
  /** `ID_LIKE` split on spaces, e.g. ['debian'] on Ubuntu. */
  idLike: string[]
}

/** Parses os-release(5) text: KEY=value lines, values optionally quoted. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>()
  for (const raw of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(raw.trim())
    if (!m) continue
    let v = m[2]
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1).replace(/\\(["'$`\\])/g, '$1')
    values.set(m[1], v)
  }
  return {
    id: values.get('ID') ?? 'linux',
    versionId: values.get('VERSION_ID') ?? '',
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
  }
}

export async function readOsRelease(file = '/etc/os-release'): Promise<OsRelease> {
  for (const f of [file, '/usr/lib/os-release']) {
    try {
      return parseOsRelease(await fs.readFile(f, 'utf8'))
    } catch {
      // try the next location
    }
  }
  return { id: 'linux', versionId: '', idLike: [] }
}

/** A short tag naming the OS release, safe inside semver prerelease identifiers and cache
 *  keys: 'debian12', 'ubuntu24-04'. */
export function osTag(rel: OsRelease): string {
  const clean = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^0-9a-z]+/g, '-')
      .replace(/^-|-$/g, '')
  return `${clean(rel.id) || 'linux'}${clean(rel.versionId)}`
}

export function isDebianLike(rel: OsRelease): boolean {
  return rel.id === 'debian' || rel.id === 'ubuntu' || rel.idLike.includes('debian')
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.access(p)
    return true
  } catch {
    return false
  }
}

/** Where downloads and unpacked tools live. On a runner these are RUNNER_TOOL_CACHE and
 *  RUNNER_TEMP; locally (CLI) they default to ~/.cache/vmtest (or the OS temp folder when
 *  there is no home). */
export function runnerDirs(env: NodeJS.ProcessEnv = process.env): { toolCache: string; temp: string } {
  const home = os.homedir()
  const base = home && home !== '/' ? path.join(home, '.cache', 'vmtest') : path.join(os.tmpdir(), 'vmtest')
  return {
    toolCache: env.RUNNER_TOOL_CACHE || path.join(base, 'tool-cache'),
    temp: env.RUNNER_TEMP || path.join(base, 'tmp'),
  }
}

/** @actions/tool-cache reads RUNNER_TOOL_CACHE / RUNNER_TEMP from process.env at call time
 *  and asserts they are set. Point them at our folders for the duration of `fn` and restore
 *  them afterwards, so local runs work and an explicit `toolCacheDir` is honoured. */
export async function withRunnerEnv<T>(
  toolCacheDir: string | undefined,
  fn: (dirs: { toolCache: string; temp: string }) => Promise<T>,
): Promise<T> {
  const dirs = runnerDirs()
  if (toolCacheDir) dirs.toolCache = path.resolve(toolCacheDir)
  const saved = { RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE, RUNNER_TEMP: process.env.RUNNER_TEMP }
  process.env.RUNNER_TOOL_CACHE = dirs.toolCache
  process.env.RUNNER_TEMP = dirs.temp
  await fs.mkdir(dirs.toolCache, { recursive: true })
  await fs.mkdir(dirs.temp, { recursive: true })
  try {
    return await fn(dirs)
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

export function isRootUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}
