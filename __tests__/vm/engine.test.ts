// Issue 3: the VM lifecycle booted for real under TCG, with (a) a vmtest-ready kernel built
// from Debian's linux-source-6.1 and (b) Debian's stock kernel through our initramfs.
import { beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, stockKernel, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent } from '../../src/plan/events.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'

// Every test: nothing of ours may be left running or on disk.
usePrivateTmp()

const kernels: Array<[string, () => string]> = [
  ['vmtest-ready kernel', tinyKernel],
  ['stock Debian kernel via initramfs', stockKernel],
]

function toml(s: string): string {
  return JSON.stringify(s)
}

describe.each(kernels)('%s', (_label, kernelOf) => {
  let kernel: string
  beforeAll(() => {
    kernel = kernelOf()
  })

  it.each([
    ['true', 0],
    ['exit 1', 1],
    ['exit 42', 42],
    // A signal death is a failure reported as 128+n, never 0.
    ['kill -KILL $$', 137],
  ])('`%s` exits %i', async (command, code) => {
    const r = await cli(['-k', kernel, '--', command])
    // The recap names why KVM was not used (QEMU's own "error: ..." on this host): not an error.
    const errors = r.stderr.split('\n').filter((line) => !/KVM/.test(line))
    expect(errors.join('\n')).not.toMatch(/Error|error:/)
    expect(r.code).toBe(code)
  })

  it('captures stdout and stderr in order, the guest sees the environment, cwd, $0 and /dev/fd', async () => {
    const t = tempDir('vmtest-test-cwd with space-')
    // Kernel targets get the host's environment (this process's).
    process.env.VMTEST_TEST_VAR = 'it is $here `and` "quoted"'
    try {
      const r = await cli(
        [
          '-k',
          kernel,
          '--',
          'echo one; echo two >&2; echo "three $VMTEST_TEST_VAR"; pwd; echo "zero=$0"; cat <(echo substituted)',
        ],
        { cwd: t.dir },
      )
      expect(r.code).toBe(0)
      const lines = r.stdout.split('\n')
      const at = (s: string): number => lines.indexOf(s)
      expect(at('one')).toBeGreaterThanOrEqual(0)
      expect(at('two')).toBe(at('one') + 1)
      expect(at('three it is $here `and` "quoted"')).toBe(at('two') + 1)
      expect(at(t.dir)).toBe(at('two') + 2)
      expect(lines).toContain('zero=bash')
      expect(lines).toContain('substituted')
    } finally {
      delete process.env.VMTEST_TEST_VAR
      t.remove()
    }
  })
})

describe('vmtest-ready kernel: lifecycle details', () => {
  let kernel: string
  beforeAll(() => {
    kernel = tinyKernel()
  })

  it('streams a line to the host before the command ends', async () => {
    // The guest waits for a file the host creates only after it has seen the guest's line:
    // without live output this would never finish (and would hit the timeout).
    const t = tempDir()
    try {
      const go = join(t.dir, 'go')
      const plan = planFromCli(
        parseCliArgs([
          '--timeout',
          '60',
          '-k',
          kernel,
          '--',
          `echo ready; while [ ! -e '${go}' ]; do sleep 0.1; done; echo done`,
        ]),
        t.dir,
        process.env,
      )
      const seen: string[] = []
      const results = await runPlan({
        plan,
        sink: (e: EngineEvent) => {
          if (e.type === 'output') {
            seen.push(e.line)
            if (e.line === 'ready') writeFileSync(go, '')
          }
        },
      })
      expect(results[0].result).toBe('pass')
      expect(seen).toEqual(['ready', 'done'])
    } finally {
      t.remove()
    }
  })

  it('applies kernel_args, mounts read-only and writable, num_cpus and memory', async () => {
    const t = tempDir()
    try {
      const ro = join(t.dir, 'ro')
      const rw = join(t.dir, 'rw')
      mkdirSync(ro)
      mkdirSync(rw)
      writeFileSync(join(ro, 'hello'), 'from host\n')
      writeFileSync(
        join(t.dir, 'vmtest.toml'),
        `[[target]]
name = "ro root"
kernel = ${toml(kernel)}
kernel_args = "ro"
command = "if touch ${t.dir}/written; then exit 0; else exit 7; fi"

[[target]]
name = "mounts and sizes"
kernel = ${toml(kernel)}
command = '''
set -e
cat /mnt/ro/hello
if touch /mnt/ro/nope 2>/dev/null; then echo "ro writable"; exit 3; fi
echo guest > /mnt/rw/out
test "$(nproc)" = 3
awk '/MemTotal/ { exit !($2 > 700000 && $2 < 800000) }' /proc/meminfo
ls /mnt/vmtest/vmtest.toml
'''
[target.vm]
num_cpus = 3
memory = "768M"
mounts = { "/mnt/ro" = { host_path = "ro" }, "/mnt/rw" = { host_path = "rw", writable = true } }
`,
      )
      const r = await cli(['-c', join(t.dir, 'vmtest.toml')])
      expect(r.stdout).toContain('from host')
      expect(r.stdout).not.toContain('ro writable')
      // The "ro root" target fails (7), the mounts target passes: one failed.
      expect(r.stdout).toMatch(/Command failed with exit code: 7/)
      expect(r.code).toBe(1)
      expect(existsSync(join(t.dir, 'written'))).toBe(false)
      expect(readFileSync(join(rw, 'out'), 'utf8')).toBe('guest\n')
      expect(existsSync(join(ro, 'nope'))).toBe(false)
    } finally {
      t.remove()
    }
  })

  it('a missing kernel is a clear error and exit 69', async () => {
    const r = await cli(['-k', '/nonexistent/bzImage', '--', 'true'])
    expect(r.code).toBe(69)
    expect(r.stdout + r.stderr).toContain('/nonexistent/bzImage')
  })

  it('a kernel that panics fails within 10 s of the panic, with the panic line', async () => {
    const t = tempDir()
    try {
      const plan = planFromCli(
        parseCliArgs(['-k', kernel, '--kargs', 'init=/nonexistent-init', '--', 'true']),
        t.dir,
        process.env,
      )
      let panicAt = 0
      let endAt = 0
      const results = await runPlan({
        plan,
        sink: (e) => {
          if (e.type === 'console' && /Kernel panic/.test(e.line) && !panicAt) panicAt = Date.now()
          if (e.type === 'target-end') endAt = Date.now()
        },
      })
      expect(results[0].result).toBe('error')
      expect(results[0].error).toMatch(/Kernel panic - not syncing/)
      expect(panicAt).toBeGreaterThan(0)
      expect(endAt - panicAt).toBeLessThan(10_000)
    } finally {
      t.remove()
    }
  })

  it('stops a command past its timeout and reports it', async () => {
    const r = await cli(['--timeout', '3', '-k', kernel, '--', 'echo started; sleep 600'])
    expect(r.stdout).toContain('started')
    expect(r.stdout + r.stderr).toMatch(/timeout/i)
    expect(r.code).not.toBe(0)
  })

  it('three targets with two failing exit 2, and the rest still run', async () => {
    const t = tempDir()
    try {
      const targets = [
        ['ok', 'echo fine'],
        ['bad one', 'exit 3'],
        ['bad two', 'exit 4'],
      ]
      writeFileSync(
        join(t.dir, 'vmtest.toml'),
        targets
          .map(([n, c]) => `[[target]]\nname = ${toml(n)}\nkernel = ${toml(kernel)}\ncommand = ${toml(c)}\n`)
          .join('\n'),
      )
      const r = await cli(['-c', join(t.dir, 'vmtest.toml')])
      expect(r.code).toBe(2)
      expect(r.stdout.match(/^PASS$/gm)?.length).toBe(1)
      expect(r.stdout.match(/^FAILED$/gm)?.length).toBe(2)
    } finally {
      t.remove()
    }
  })

  it('accel auto on a host whose KVM hangs still boots (under TCG, with a warning)', async () => {
    const plan = planFromCli(parseCliArgs(['--accel', 'auto', '-k', kernel, '--', 'true']), process.cwd(), process.env)
    const warnings: string[] = []
    const results = await runPlan({ plan, sink: (e) => void (e.type === 'warning' && warnings.push(e.message)) })
    expect(results[0].result).toBe('pass')
    if (existsSync('/dev/kvm') && results[0].accel === 'tcg') {
      // On this kind of machine KVM opens but hangs: the fallback must say why.
      expect(warnings.join('\n') + (results[0].accelReason ?? '')).toMatch(/KVM|kvm/)
    }
  })
})
