// Leftover checks scoped to one test file. Other VM test runs (and unrelated QEMUs, and stale
// folders of killed runs) may share this machine and /tmp, so "no vmtest-* dir in /tmp, no
// engine QEMU anywhere" would blame them on us. Each file instead gets a private TMPDIR: the
// engine's work dirs, QEMU's snapshot overlays and tempDir() all land in it, and after every
// test it must hold nothing new, with no QEMU using it and no QEMU of ours still running.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'

export interface OwnTmp {
  dir: string
  /** What a test left behind: QEMU processes using `dir` or started below this process, and
   *  entries in `dir` (beyond `baseline`, when given). */
  leftovers(baseline?: string[]): { qemu: string[]; files: string[] }
  /** Restore TMPDIR and remove `dir`. */
  restore(): void
}

/** Caches tools keep in TMPDIR across runs (tsx, which the CLI children run under): not a
 *  test's leftovers. */
const TOOL_CACHES = /^tsx-\d+$/

interface Proc {
  pid: number
  ppid: number
  argv: string[]
}

/** Live (non-zombie) processes, with their parent and argv. */
function processes(): Proc[] {
  const out: Proc[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state === 'Z') continue
      out.push({
        pid: Number(name),
        ppid: Number(ppid),
        argv: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0'),
      })
    } catch {
      // gone
    }
  }
  return out
}

/** QEMU processes that are ours: their command line names `dir`, or they descend from
 *  this (test worker) process. Anyone else's QEMU is none of our business. */
export function ownQemus(dir: string): string[] {
  const all = processes()
  const parent = new Map(all.map((p) => [p.pid, p.ppid]))
  const descends = (pid: number): boolean => {
    for (let at = parent.get(pid), hops = 0; at !== undefined && at > 1 && hops < 64; at = parent.get(at), hops++)
      if (at === process.pid) return true
    return false
  }
  return all
    .filter(
      (p) =>
        /(^|\/)qemu-system-[^/]*$/.test(p.argv[0] ?? '') && (p.argv.some((a) => a.includes(dir)) || descends(p.pid)),
    )
    .map((p) => `${p.pid}: ${p.argv.join(' ').slice(0, 200)}`)
}

/** Point TMPDIR (so os.tmpdir()) at a fresh private directory. Short: socket paths in it
 *  must fit in sun_path. */
export function privateTmp(): OwnTmp {
  const before = process.env.TMPDIR
  const dir = mkdtempSync(join('/tmp', 'vmt-'))
  process.env.TMPDIR = dir
  return {
    dir,
    leftovers(baseline: string[] = []) {
      const files = readdirSync(dir).filter((f) => !TOOL_CACHES.test(f) && !baseline.includes(f))
      return { qemu: ownQemus(dir), files }
    },
    restore() {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The whole test file on a private TMPDIR: made before its first test (in a hook, not at
 * import: a run that filters out every test runs no afterAll either), checked after every
 * test — nothing new in it since the test began (what beforeAll hooks made stays), no QEMU
 * of ours running — and removed at the end. Call it before any other hook of the file, so
 * those hooks already see the private TMPDIR. Returns the current OwnTmp.
 */
export function usePrivateTmp(): () => OwnTmp {
  let tmp: OwnTmp | undefined
  let baseline: string[] = []
  beforeAll(() => {
    tmp = privateTmp()
  })
  beforeEach(() => {
    baseline = tmp ? readdirSync(tmp.dir) : []
  })
  afterEach(() => {
    expect(tmp?.leftovers(baseline)).toEqual({ qemu: [], files: [] })
  })
  afterAll(() => tmp?.restore())
  return () => {
    if (!tmp) throw new Error('usePrivateTmp: no private TMPDIR before the first test')
    return tmp
  }
}
