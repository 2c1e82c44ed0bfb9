// Pure helpers around apt's text output: `apt-cache policy`, `apt-cache depends --recurse`,
// apt failure messages, and the choice of which .debs a tool-cache QEMU bundle carries.
import { ARCHES } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'

export interface PolicyEntry {
  /** Installed version, undefined when not installed. */
  installed?: string
  /** Version apt would install / download, undefined when none is known (missing lists). */
  candidate?: string
}

/** Strips an architecture qualifier (`libc6:amd64`, `python3:any`). */
function bareName(name: string): string {
  const i = name.indexOf(':')
  return i < 0 ? name : name.slice(0, i)
}

export function parseAptCachePolicy(text: string): Map<string, PolicyEntry> {
  const out = new Map<string, PolicyEntry>()
  let current: PolicyEntry | undefined
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line)
    if (head) {
      current = {}
      out.set(bareName(head[1]), current)
      continue
    }
    const field = /^ {2}(Installed|Candidate): (.+)$/.exec(line)
    if (field && current) {
      const value = field[2].trim()
      if (value !== '(none)') current[field[1] === 'Installed' ? 'installed' : 'candidate'] = value
    }
  }
  return out
}

/** One alternative of a dependency: a real package, or a virtual one with its providers. */
export interface DepAlternative {
  name: string
  virtual: boolean
  providers: string[]
}
/** A dependency = alternatives in apt's order (`a | b | c`). */
export type DepGroup = DepAlternative[]

/** Parses `apt-cache depends [--recurse] …` output: package → its Depends/PreDepends groups.
 *  Format: a package name at column 0, then `  Depends: x`, ` |Depends: x` (an alternative
 *  continued by the next line), virtual packages as `<x>` followed by their providers
 *  indented by four spaces. Other relations (Recommends, Breaks…) are skipped. */
export function parseAptCacheDepends(text: string): Map<string, DepGroup[]> {
  const out = new Map<string, DepGroup[]>()
  let groups: DepGroup[] | undefined
  let group: DepGroup | undefined
  let continues = false
  let lastAlt: DepAlternative | undefined
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      const name = line.trim()
      if (/^<.*>$/.test(name)) {
        // a virtual package's own block (with --recurse): nothing to record
        groups = undefined
      } else {
        groups = []
        out.set(bareName(name), groups)
      }
      group = undefined
      continues = false
      lastAlt = undefined
      continue
    }
    const rel = /^ ([ |])([A-Za-z-]+): (.+)$/.exec(line)
    if (rel) {
      lastAlt = undefined
      if (!groups || (rel[2] !== 'Depends' && rel[2] !== 'PreDepends')) {
        continues = false
        continue
      }
      const raw = rel[3].trim()
      const virtual = /^<.*>$/.test(raw)
      const alt: DepAlternative = { name: bareName(virtual ? raw.slice(1, -1) : raw), virtual, providers: [] }
      if (continues && group) group.push(alt)
      else {
        group = [alt]
        groups.push(group)
      }
      continues = rel[1] === '|'
      lastAlt = alt
      continue
    }
    const provider = /^ {4}(\S+)$/.exec(line)
    if (provider && lastAlt) lastAlt.providers.push(bareName(provider[1]))
  }
  return out
}

const FIRMWARE_PACKAGES = new Set(
  ARCHES.map((a) => archFacts(a).uefiPackage).filter((p): p is string => p !== undefined),
)

/** Packages whose files QEMU reads at run time (ROMs, firmware, modules): a bundle always
 *  carries them, even when the building host has them installed, because a restored bundle
 *  must not depend on the restoring host having them. */
function isQemuFamily(name: string): boolean {
  return /^(qemu-|seabios$|ipxe-qemu$|opensbi$|u-boot-qemu$)/.test(name) || FIRMWARE_PACKAGES.has(name)
}

/** Shared-library packages: bundled only when the host lacks them. */
function isLibraryPackage(name: string): boolean {
  return name.startsWith('lib')
}

export interface BundleSelection {
  /** Packages to download and unpack, with the versions apt will fetch. */
  packages: { name: string; version: string }[]
  /** Included packages apt knows no version of: the lists are missing or stale. */
  unavailable: string[]
}

/** Chooses the .debs for a tool-cache bundle: the requested packages, every QEMU-family
 *  package they reach, and the library packages they reach that are not installed here
 *  (installed libraries, and everything they depend on, are satisfied by the host).
 *  Non-library packages deeper down (debconf, adduser, init-system-helpers…) are packaging
 *  plumbing QEMU does not load, so they are left out. `treatAsMissing` bundles those
 *  packages even if installed (tests use it to exercise the LD_LIBRARY_PATH path). */
export function selectBundlePackages(input: {
  requested: string[]
  depends: Map<string, DepGroup[]>
  policy: Map<string, PolicyEntry>
  treatAsMissing?: string[]
}): BundleSelection {
  const forced = new Set(input.treatAsMissing ?? [])
  const installed = (n: string): boolean => !forced.has(n) && input.policy.get(n)?.installed !== undefined
  const known = (n: string): boolean => input.policy.get(n)?.candidate !== undefined
  const included: string[] = []
  const seen = new Set<string>()

  const pick = (group: DepGroup): string | undefined => {
    const names = group.flatMap((alt) => (alt.virtual ? alt.providers : [alt.name]))
    return names.find(installed) ?? names.find(known) ?? names[0]
  }
  const visit = (name: string, requested: boolean): void => {
    if (seen.has(name)) return
    seen.add(name)
    const take = requested || isQemuFamily(name) || (isLibraryPackage(name) && !installed(name))
    if (!take) return
    included.push(name)
    for (const group of input.depends.get(name) ?? []) {
      const dep = pick(group)
      if (dep) visit(dep, false)
    }
  }
  for (const r of input.requested) visit(r, true)

  const packages: BundleSelection['packages'] = []
  const unavailable: string[] = []
  for (const name of included) {
    const version = input.policy.get(name)?.candidate
    if (version === undefined) unavailable.push(name)
    else packages.push({ name, version })
  }
  return { packages, unavailable }
}

/** Whether an apt failure looks like missing or stale package lists, which `apt-get update`
 *  fixes (a fresh runner image, a mirror that dropped an old version). */
export function aptUpdateMayHelp(output: string): boolean {
  return [
    /Unable to locate package/i,
    /has no installation candidate/i,
    /Can't find a source to download version/i,
    /Version '.*' for '.*' was not found/i,
    /Failed to fetch .*(404|Not Found)/i,
    /Some index files failed to download/i,
    /--fix-missing/,
  ].some((re) => re.test(output))
}

/** `name_version_arch.deb` (version with `%3a` for the epoch colon) → name and version. */
export function parseDebFileName(file: string): { name: string; version: string; arch: string } | undefined {
  const m = /^([^_/]+)_([^_]+)_([^_.]+)\.deb$/.exec(file.split('/').pop() ?? '')
  if (!m) return undefined
  return { name: m[1], version: decodeURIComponent(m[2]), arch: m[3] }
}

/** What one line of apt-get's output says about its progress. */
export type AptEvent =
  /** `0 upgraded, 3 newly installed, …`: how many packages this run installs. */
  | { kind: 'count'; packages: number }
  /** `Need to get 83.9 kB of archives.` */
  | { kind: 'size'; size: string }
  /** `Get:2 http://… bookworm/main amd64 cowsay all 3.03+dfsg2-8 [21.4 kB]`: one .deb fetched. */
  | { kind: 'get'; name: string; size: string }
  /** `Fetched 83.9 kB in 0s (2392 kB/s)` */
  | { kind: 'fetched'; text: string }
  /** `Unpacking hello (2.10-3) ...` */
  | { kind: 'unpack'; name: string }
  /** `Setting up hello (2.10-3) ...` */
  | { kind: 'setup'; name: string }

export function parseAptProgressLine(line: string): AptEvent | undefined {
  const text = line.trim()
  let m = /^(\d+) upgraded, (\d+) newly installed/.exec(text)
  if (m) return { kind: 'count', packages: Number(m[1]) + Number(m[2]) }
  m = /^Need to get (\S+ \S*B)(?:\/\S+ \S*B)? of archives/.exec(text)
  if (m) return { kind: 'size', size: m[1] }
  // Get:N URL SUITE[/COMPONENT] [ARCH] NAME ARCH VERSION [SIZE]
  m = /^Get:\d+ .* (\S+) \S+ \S+ \[([^\]]+)\]$/.exec(text)
  if (m) return { kind: 'get', name: bareName(m[1]), size: m[2] }
  m = /^Fetched (.+)$/.exec(text)
  if (m) return { kind: 'fetched', text: m[1] }
  m = /^Unpacking (\S+) /.exec(text)
  if (m) return { kind: 'unpack', name: bareName(m[1]) }
  m = /^Setting up (\S+) /.exec(text)
  if (m) return { kind: 'setup', name: bareName(m[1]) }
  return undefined
}
