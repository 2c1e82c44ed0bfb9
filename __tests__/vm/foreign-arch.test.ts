// Issue 4: kernel targets of a foreign arch. Debian's arm64, s390x and riscv64 kernels boot
// under qemu-system-<arch> (TCG) with a root assembled from Debian packages of that arch
// (.ci/fixtures/build-<arch>-rootfs.sh); our generated initramfs loads that kernel's virtio
// and 9p modules with the rootfs's own busybox. And a foreign-arch kernel given a root it
// cannot run is refused before anything boots.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, fixture, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { hostArch } from '../../src/qemu/arch.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent } from '../../src/plan/events.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'

usePrivateTmp()

// One case per foreign arch whose rootfs fixture exists (.ci/fixtures/build-<fixture>.sh):
// Debian's kernel of that arch with a root unpacked from that arch's packages (arm64 and
// s390x from Debian 12, riscv64 from Debian 13: Debian 12 has no riscv64 kernel). Measured
// here (2 cores, TCG, load 3-4 from other guests), whole case: aarch64 25-29 s, s390x 36-52 s,
// riscv64 9-17 s; s390x's TCG is the slowest and the most sensitive to load (~85 s seen idle
// by hand, over 3 min with several guests running), hence its larger, still bounded, deadline.
const foreignCases = [
  { arch: 'aarch64', fixture: 'arm64-rootfs', debianArch: 'arm64', bootTimeout: 180 },
  { arch: 's390x', fixture: 's390x-rootfs', debianArch: 's390x', bootTimeout: 300 },
  { arch: 'riscv64', fixture: 'riscv64-rootfs', debianArch: 'riscv64', bootTimeout: 180 },
] as const
const fixtureScript = (name: string): string => join(import.meta.dirname, '../../.ci/fixtures', `build-${name}.sh`)
for (const c of foreignCases) {
  if (!existsSync(fixtureScript(c.fixture)))
    console.warn(`SKIPPED ${c.arch} boot: no ${fixtureScript(c.fixture)} to build a ${c.debianArch} rootfs`)
}

describe.each(foreignCases.filter((c) => existsSync(fixtureScript(c.fixture))))(
  '$arch kernel target with a $debianArch rootfs',
  ({ arch, fixture: name, debianArch, bootTimeout }) => {
    let rootfs: string
    let kernel: string
    beforeAll(() => {
      ;[rootfs, kernel] = fixture(name)
    })

    it(
      'boots through the generated initramfs, runs the command on its arch, returns its exit status',
      async () => {
        const t = tempDir(`${debianArch}-`)
        const initDirsBefore = readdirSync(join(rootfs, 'tmp')).filter((f) => f.startsWith('vmtest-'))
        try {
          writeFileSync(join(t.dir, 'host-marker'), '')
          const args = [
            '--accel',
            'tcg',
            '--boot-timeout',
            String(bootTimeout),
            '-k',
            kernel,
            '-a',
            arch,
            '-r',
            rootfs,
            '--',
            'uname -m; echo "cwd=$(pwd)"; ls /mnt/vmtest; exit 5',
          ]
          const plan = planFromCli(parseCliArgs(args), t.dir, process.env)
          const events: EngineEvent[] = []
          const [res] = await runPlan({ plan, sink: (e) => void events.push(e) })
          const lines = (type: EngineEvent['type']): string[] =>
            events.flatMap((e) => (e.type === type && 'line' in e ? [e.line] : []))

          expect(res, res.error).toMatchObject({ result: 'fail', exitCode: 5, arch, accel: 'tcg' })
          const out = lines('output')
          expect(out).toContain(arch)
          // Not the host root: the guest's cwd is its own /, not this (host) directory ...
          expect(out).toContain('cwd=/')
          // ... while the config/working directory is still shared at /mnt/vmtest.
          expect(out).toContain('host-marker')
          expect(res.kernelRelease).toMatch(new RegExp(`-${debianArch}$`))

          // Debian's kernel has 9p and virtio as modules: they came from the rootfs, loaded by
          // the rootfs's own busybox (of the guest's arch).
          const setup = lines('setup')
          expect(setup.join('\n')).toMatch(/booting through a generated initramfs that loads \d+ modules/)
          expect(setup.find((l) => l.startsWith('initramfs:') && l.includes('busybox'))).toContain(rootfs)
          expect(lines('console').join('\n')).toMatch(/vmtest-initramfs: loaded \d+ modules, switching root/)

          // The init script went into <rootfs>/tmp/vmtest-*/ and is gone again.
          expect(readdirSync(join(rootfs, 'tmp')).filter((f) => f.startsWith('vmtest-'))).toEqual(initDirsBefore)
        } finally {
          t.remove()
        }
      },
      (bootTimeout + 60) * 1000,
    )
  },
)

describe('aarch64 kernel target with an arm64 rootfs: CLI and wrong roots', () => {
  let rootfs: string
  let kernel: string
  beforeAll(() => {
    ;[rootfs, kernel] = fixture('arm64-rootfs')
  })

  // `--accel auto` is safe here: KVM is only ever chosen for the host's own arch.
  it.runIf(hostArch() !== 'aarch64')(
    "the CLI returns the aarch64 command's exit status; auto accel picks TCG for a foreign arch",
    async () => {
      const r = await cli([
        '--accel',
        'auto',
        '--boot-timeout',
        '180',
        '-k',
        kernel,
        '-a',
        'aarch64',
        '-r',
        rootfs,
        '--',
        'test "$(uname -m)" = aarch64 && exit 7',
      ])
      expect(r.stdout).toContain(`accel: TCG (aarch64 guest on a ${hostArch()} host: KVM cannot run it)`)
      expect(r.code).toBe(7)
    },
    240_000,
  )

  it('a rootfs of another arch than the kernel is refused before boot', async () => {
    const t = tempDir('arm-')
    try {
      const x86Kernel = join(t.dir, 'bzImage')
      writeFileSync(x86Kernel, '')
      const r = await cli(['--accel', 'tcg', '-k', x86Kernel, '-a', 'x86_64', '-r', rootfs, '--', 'true'])
      expect(r.code).toBe(69)
      expect(r.stdout + r.stderr).toMatch(
        /rootfs .* holds aarch64 programs .*the target's arch is x86_64: it needs a rootfs of that arch/,
      )
    } finally {
      t.remove()
    }
  })
})

describe('a foreign-arch kernel target without a rootfs of its arch', () => {
  const host = hostArch()
  const foreign = host === 'aarch64' ? 's390x' : 'aarch64'

  it.runIf(host !== undefined)(
    `fails before boot (${foreign} on this ${host} host, rootfs /), in the run and in --plan`,
    async () => {
      const t = tempDir('arm-')
      try {
        // Only its existence matters: nothing boots.
        const kernel = join(t.dir, 'Image')
        writeFileSync(kernel, '')
        const args = ['--accel', 'tcg', '-k', kernel, '-a', foreign, '--', 'true']
        const events: EngineEvent[] = []
        const started = Date.now()
        const [res] = await runPlan({
          plan: planFromCli(parseCliArgs(args), t.dir, process.env),
          sink: (e) => void events.push(e),
        })
        expect(Date.now() - started).toBeLessThan(5_000)
        expect(res.result).toBe('error')
        expect(res.error).toContain(`rootfs / is this host's own ${host} root`)
        expect(res.error).toContain('A foreign-arch kernel target needs a rootfs of that arch')
        expect(events.some((e) => e.type === 'console' || e.type === 'stage-start')).toBe(false)

        const r = await cli(args, { cwd: t.dir })
        expect(r.code).toBe(69)
        const plan = await cli(['--plan', ...args], { cwd: t.dir })
        expect(plan.code).toBe(1)
        expect(plan.stderr).toContain('needs a rootfs of that arch')
      } finally {
        t.remove()
      }
    },
  )
})
