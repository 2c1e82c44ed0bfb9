// A run killed outright (SIGKILL, OOM, a cancelled runner) leaves its work folder behind;
// the next run removes it, but only folders that are certainly such leftovers: our own name
// and owner file, this user's, not a link, and an owner process that is gone.
import { spawn, spawnSync } from 'node:child_process'
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createWorkDir, removeStaleWorkDirs } from '../../src/vm/workdir.js'
import { tempDir } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-sweep-')
const live = spawn('sleep', ['60'], { stdio: 'ignore' })
afterAll(() => {
  live.kill('SIGKILL')
  tmp.cleanup()
})

const ns = readlinkSync('/proc/self/ns/pid')
/** A PID that has exited (and been reaped). */
const deadPid = (): number => spawnSync('true').pid as number

let n = 0
function folder(base: string, pid: number, owner: string | null = `${pid} ${ns}\n`): string {
  const dir = path.join(base, `vmtest-${pid}-${String(n++).padStart(6, 'x')}`)
  mkdirSync(dir)
  writeFileSync(path.join(dir, 'qmp.sock'), '')
  if (owner !== null) writeFileSync(path.join(dir, 'owner'), owner)
  return dir
}

describe('removeStaleWorkDirs', () => {
  it('removes a folder whose owner is gone, and nothing else', () => {
    const base = path.join(tmp.dir, 'base')
    mkdirSync(base)
    const dead = deadPid()
    const stale = folder(base, dead)
    const kept = [
      folder(base, live.pid!), // owner alive
      folder(base, process.pid), // this process
      folder(base, dead, null), // no owner file (being made, or not ours)
      folder(base, dead, `${dead + 1} ${ns}\n`), // name and owner file disagree
      folder(base, dead, `${dead} pid:[1]\n`), // another PID namespace: its PIDs say nothing here
    ]
    const foreign = folder(base, dead)
    chownSync(foreign, 65534, 65534) // another user's
    kept.push(foreign)
    // Not in our format.
    for (const name of ['vmtest-abcdef', `vmtest-${dead}-abc`, `other-${dead}-abcdef`]) {
      mkdirSync(path.join(base, name))
      kept.push(path.join(base, name))
    }
    // A link named like ours, to a folder that looks stale: neither is touched.
    const target = folder(tmp.dir, dead)
    symlinkSync(target, path.join(base, `vmtest-${dead}-linkxx`))
    kept.push(path.join(base, `vmtest-${dead}-linkxx`))
    // A plain file named like ours.
    writeFileSync(path.join(base, `vmtest-${dead}-filexx`), '')
    kept.push(path.join(base, `vmtest-${dead}-filexx`))

    expect(removeStaleWorkDirs(base)).toEqual([stale])
    expect(existsSync(stale)).toBe(false)
    expect(
      readdirSync(base)
        .map((f) => path.join(base, f))
        .sort(),
    ).toEqual(kept.sort())
    expect(readdirSync(target)).toEqual(['owner', 'qmp.sock'])
  })

  it('is a no-op on a missing base', () => {
    expect(removeStaleWorkDirs(path.join(tmp.dir, 'missing'))).toEqual([])
  })
})

describe('createWorkDir', () => {
  it('names its folder after this process and records it as the owner', () => {
    const saved = process.env.TMPDIR
    process.env.TMPDIR = tmp.dir
    const work = createWorkDir()
    try {
      expect(path.basename(work.dir)).toMatch(new RegExp(`^vmtest-${process.pid}-[A-Za-z0-9]{6}$`))
      expect(readFileSync(path.join(work.dir, 'owner'), 'utf8')).toBe(`${process.pid} ${ns}\n`)
      // Its own run never sweeps it.
      expect(removeStaleWorkDirs(tmp.dir)).not.toContain(work.dir)
      expect(existsSync(work.dir)).toBe(true)
    } finally {
      work.remove()
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    expect(existsSync(work.dir)).toBe(false)
  })

  it('on its first call, removes the stale folders of dead runs in its temp dir', async () => {
    const base = path.join(tmp.dir, 'first')
    mkdirSync(base)
    const stale = folder(base, deadPid())
    const saved = process.env.TMPDIR
    process.env.TMPDIR = base
    try {
      // A fresh module: the sweep runs once per process, on the first work dir.
      const { vi } = await import('vitest')
      vi.resetModules()
      const fresh = (await import('../../src/vm/workdir.js')) as typeof import('../../src/vm/workdir.js')
      const work = fresh.createWorkDir()
      work.remove()
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    expect(existsSync(stale)).toBe(false)
  })
})
