// Issue 12 items 5 and 9, host side: a target's log folder may hold whatever a guest planted
// through /mnt/vmtest since the last run (symlinks, hard links, FIFOs, folders); opening the
// logs never writes through any of it, and each log stops at its size cap with a note. The
// same attack with a real guest is in __tests__/vm/security.test.ts.
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { cutNote, openTargetLogs } from '../../src/vm/target-logs.js'

const root = mkdtempSync(join(tmpdir(), 'vmt-logs-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let n = 0
let logs: string
let outside: string
beforeEach(() => {
  n++
  logs = join(root, `logs${n}`)
  outside = join(root, `outside${n}`)
  mkdirSync(outside)
  writeFileSync(join(outside, 'precious'), 'host file\n')
})

async function writeBoth(dir: string, text = 'new log\n', maxBytes?: number): Promise<string[]> {
  const warnings: string[] = []
  const l = openTargetLogs(dir, (m) => warnings.push(m), maxBytes)
  l.console.write(text)
  l.command.write(Buffer.from(text))
  await l.close()
  return warnings
}

describe('openTargetLogs', () => {
  it("makes the folders and fresh logs; a second run replaces the first run's logs", async () => {
    const dir = join(logs, 'target')
    expect(await writeBoth(dir, 'first run\n')).toEqual([])
    expect(await writeBoth(dir, 'second\n')).toEqual([])
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toBe('second\n')
    expect(readFileSync(join(dir, 'command.log'), 'utf8')).toBe('second\n')
    expect(statSync(join(dir, 'command.log')).mode & 0o777).toBe(0o644 & ~process.umask())
  })

  it('a symlink planted at a log name is replaced, its target untouched', async () => {
    const dir = join(logs, 'target')
    mkdirSync(dir, { recursive: true })
    symlinkSync(join(outside, 'precious'), join(dir, 'console.log'))
    symlinkSync(join(outside, 'not-there-yet'), join(dir, 'command.log'))
    const warnings = await writeBoth(dir)
    expect(readFileSync(join(outside, 'precious'), 'utf8')).toBe('host file\n')
    expect(readdirSync(outside)).toEqual(['precious'])
    expect(lstatSync(join(dir, 'console.log')).isFile()).toBe(true)
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toBe('new log\n')
    expect(warnings).toEqual([
      `${join(dir, 'console.log')} was a symbolic link (to ${join(outside, 'precious')}), not made by vmtest: replaced the link with a new log file (its target is untouched)`,
      `${join(dir, 'command.log')} was a symbolic link (to ${join(outside, 'not-there-yet')}), not made by vmtest: replaced the link with a new log file (its target is untouched)`,
    ])
  })

  it('a hard link to a host file is unlinked, never truncated or written', async () => {
    const dir = join(logs, 'target')
    mkdirSync(dir, { recursive: true })
    linkSync(join(outside, 'precious'), join(dir, 'command.log'))
    const warnings = await writeBoth(dir)
    expect(readFileSync(join(outside, 'precious'), 'utf8')).toBe('host file\n')
    expect(statSync(join(outside, 'precious')).nlink).toBe(1)
    expect(readFileSync(join(dir, 'command.log'), 'utf8')).toBe('new log\n')
    expect(warnings).toEqual([
      `${join(dir, 'command.log')} had 1 other hard link(s), not made by vmtest: replaced it with a new log file (the linked file is untouched)`,
    ])
  })

  it('a FIFO at a log name is replaced (opening it would block)', async () => {
    const dir = join(logs, 'target')
    mkdirSync(dir, { recursive: true })
    execFileSync('mkfifo', [join(dir, 'console.log')])
    const warnings = await writeBoth(dir)
    expect(lstatSync(join(dir, 'console.log')).isFile()).toBe(true)
    expect(warnings).toEqual([`${join(dir, 'console.log')} was not a regular file: replaced it with a new log file`])
  })

  it('a symlinked target folder is replaced by a real one; nothing is written where it pointed', async () => {
    mkdirSync(logs)
    const dir = join(logs, 'target')
    symlinkSync(outside, dir)
    const warnings = await writeBoth(dir)
    expect(readdirSync(outside)).toEqual(['precious'])
    expect(lstatSync(dir).isDirectory()).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(['command.log', 'console.log'])
    expect(warnings).toEqual([
      `the log folder ${dir} was a symbolic link (to ${outside}), not made by vmtest: removed the link and made a folder there`,
    ])
  })

  it('a folder at a log name, or a file at the folder name, is refused (nothing removed)', async () => {
    const dir = join(logs, 'target')
    mkdirSync(join(dir, 'console.log'), { recursive: true })
    writeFileSync(join(dir, 'console.log', 'keep'), 'x')
    await expect(writeBoth(dir)).rejects.toThrow(
      `${join(dir, 'console.log')} is a folder, not a log file of vmtest: not writing that log`,
    )
    expect(existsSync(join(dir, 'console.log', 'keep'))).toBe(true)
    const file = join(logs, 'file')
    writeFileSync(file, 'not a folder')
    await expect(writeBoth(file)).rejects.toThrow(
      `the log folder ${file} exists and is not a folder: not writing logs there`,
    )
    expect(readFileSync(file, 'utf8')).toBe('not a folder')
  })
})

describe('the log size cap', () => {
  it('stops at the cap and says where it was cut, on a line of its own', async () => {
    const dir = join(logs, 'target')
    const l = openTargetLogs(dir, () => {}, 20)
    for (const line of ['0123456789\n', 'abcdefghij\n', 'more\n', 'and more\n']) l.console.write(line)
    l.command.write(Buffer.from('exactly twenty bytes'))
    l.command.write(Buffer.from('\n'))
    await l.close()
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toBe(`0123456789\nabcdefghi\n${cutNote(20)}\n`)
    expect(readFileSync(join(dir, 'command.log'), 'utf8')).toBe(`exactly twenty bytes\n${cutNote(20)}\n`)
  })

  it('a log under the cap is whole', async () => {
    const dir = join(logs, 'target')
    await writeBoth(dir, 'x'.repeat(99) + '\n', 100)
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toBe('x'.repeat(99) + '\n')
  })
})
