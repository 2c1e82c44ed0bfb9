// Leftover checks scoped to one test file. Other VM test runs may share this machine (and
// /tmp), so "no vmtest-* dir in /tmp, no engine QEMU anywhere" would blame them on us. Each
// file instead gets a private TMPDIR: the engine's work dirs, QEMU's snapshot overlays and
// tempDir() all land in it, and after every test it must be empty with no QEMU using it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'

export interface OwnTmp {
  dir: string
  /** What a test left behind: QEMU processes using `dir`, and entries in `dir`. */
  leftovers(): { qemu: string[]; files: string[] }
  /** Restore TMPDIR and remove `dir`. */
  restore(): void
}

/** Point TMPDIR (so os.tmpdir()) at a fresh private directory. Short: socket paths in it
 *  must fit in sun_path. */
export function privateTmp(): OwnTmp {
  const before = process.env.TMPDIR
  const dir = mkdtempSync(join('/tmp', 'vmt-'))
  process.env.TMPDIR = dir
  return {
    dir,
    leftovers() {
      const qemu: string[] = []
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          if (cmd.includes('qemu-system') && cmd.includes(dir)) qemu.push(`${pid}: ${cmd.replace(/\0/g, ' ').slice(0, 200)}`)
        } catch {
          // process gone
        }
      }
      return { qemu, files: readdirSync(dir) }
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
 * import: a run that filters out every test runs no afterAll either), checked empty with no
 * QEMU using it after every test, removed at the end. Returns the current OwnTmp.
 */
export function usePrivateTmp(): () => OwnTmp {
  let tmp: OwnTmp | undefined
  beforeAll(() => {
    tmp = privateTmp()
  })
  afterEach(() => {
    expect(tmp?.leftovers()).toEqual({ qemu: [], files: [] })
  })
  afterAll(() => tmp?.restore())
  return () => {
    if (!tmp) throw new Error('usePrivateTmp: no private TMPDIR before the first test')
    return tmp
  }
}
