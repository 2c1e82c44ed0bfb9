// QEMU 10, the one Debian 13 runners have (built from trixie's packages by
// .ci/fixtures/build-qemu10.sh and started through trixie's own glibc), boots what the
// installed QEMU 7.2 boots: the tiny kernel and the UEFI image, through the engine with
// `qemu_command`, printing nothing on stderr (no deprecated option or property in our argv).
// And the argv smoke test runs against it too, with QEMU 10 first on PATH.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, fixture, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()
const repo = resolve(import.meta.dirname, '../..')

let qemu10 = ''
beforeAll(() => {
  qemu10 = fixture('qemu10')[0]
})

/** A qemu_command that runs QEMU 10 and keeps a copy of what it prints on stderr. */
function teeingWrapper(dir: string): { program: string; stderrLog: string } {
  const program = join(dir, 'qemu10-tee')
  const stderrLog = join(dir, 'qemu-stderr.log')
  writeFileSync(
    program,
    `#!/bin/bash\nexec ${JSON.stringify(qemu10)} "$@" 2> >(tee -a ${JSON.stringify(stderrLog)} >&2)\n`,
  )
  chmodSync(program, 0o755)
  writeFileSync(stderrLog, '')
  return { program, stderrLog }
}

describe('QEMU 10 (Debian 13)', () => {
  it('is QEMU 10 and runs here', () => {
    const out = execFileSync(qemu10, ['--version'], { encoding: 'utf8' })
    expect(out).toMatch(/QEMU emulator version 10\./)
  })

  it('boots the tiny kernel and the UEFI image; QEMU prints no warning', async () => {
    const t = tempDir('q10-')
    try {
      const { program, stderrLog } = teeingWrapper(t.dir)
      execFileSync('cp', ['--sparse=always', fixture('uefi-image')[0], join(t.dir, 'disk.img')])
      writeFileSync(
        join(t.dir, 'vmtest.toml'),
        `[[target]]
name = "tiny kernel"
kernel = ${JSON.stringify(tinyKernel())}
qemu_command = ${JSON.stringify(program)}
command = "echo kernel-ok && cat /proc/version"
[target.vm]
memory = "512M"

[[target]]
name = "uefi image"
image = "disk.img"
uefi = true
qemu_command = ${JSON.stringify(program)}
command = "test -d /sys/firmware/efi && echo uefi-ok"
[target.vm]
memory = "1G"
`,
      )
      const res = await cli(['--accel', 'tcg', '--jobs', '1', '-c', join(t.dir, 'vmtest.toml')], { cwd: t.dir })
      expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(0)
      expect(res.stdout).toContain('kernel-ok')
      expect(res.stdout).toContain('uefi-ok')
      const stderr = readFileSync(stderrLog, 'utf8')
      expect(stderr).not.toMatch(/deprecat/i)
      expect(stderr).toBe('')
    } finally {
      t.remove()
    }
  })

  it('accepts every x86_64 argv of the smoke test (qemu-argv-smoke.test.ts with QEMU 10 on PATH)', () => {
    // The child's TMPDIR is not ours: that file keeps its own private one.
    const env = { ...process.env, TMPDIR: '/tmp', PATH: `${dirname(qemu10)}:${process.env.PATH}` }
    const run = spawnSync(
      'npx',
      ['vitest', 'run', '--project', 'vm', '__tests__/vm/qemu-argv-smoke.test.ts', '-t', 'x86_64'],
      { cwd: repo, env, encoding: 'utf8', timeout: 240_000 },
    )
    const out = `${run.stdout}\n${run.stderr}`
    expect(run.status, out).toBe(0)
    expect(out).toMatch(/Tests\s+.*[1-9]\d* passed/)
    expect(out).not.toMatch(/failed/)
  })
})
