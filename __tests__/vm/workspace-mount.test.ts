// workspace_mount / --workspace-mount with real guests under TCG: `rw` (upstream's) lets the
// guest write the workspace; `ro` lets it read but QEMU refuses every write, even after the
// guest's root remounts the share read-write; `off` shares nothing at /mnt/vmtest. Kernel
// targets with a dedicated rootfs (with the host's own root the workspace is reachable
// through `/` anyway) and image targets.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fixture, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { planJson } from '../../src/engine/plan-json.js'

const repo = resolve(import.meta.dirname, '../..')
usePrivateTmp()

const HOST_TEXT = 'written by the host\n'

// What the guest tries, as root: read, overwrite, create; then remount read-write and mount
// the share again without `ro`, and write once more. Each outcome is one line.
const ATTEMPTS = [
  'cat /mnt/vmtest/host.txt 2>/dev/null || echo read=no',
  '(echo guest >/mnt/vmtest/host.txt) 2>/dev/null && echo overwrite=yes || echo overwrite=no',
  '(echo guest >/mnt/vmtest/new.txt) 2>/dev/null && echo create=yes || echo create=no',
  'if grep -q " /mnt/vmtest " /proc/mounts; then echo mounted=yes; else echo mounted=no; fi',
  'test -e /mnt/vmtest && echo exists=yes || echo exists=no',
  'if grep -q " /mnt/vmtest " /proc/mounts; then mount -o remount,rw /mnt/vmtest 2>/dev/null; umount /mnt/vmtest && mount -t 9p -o trans=virtio,rw vmtest-shared /mnt/vmtest; fi',
  '(echo again >/mnt/vmtest/again.txt) 2>/dev/null && echo again=yes || echo again=no',
  'true',
].join('\n')

interface Run {
  results: TargetResult[]
  output: string[]
}

async function run(argv: string[], cwd: string): Promise<Run> {
  const plan = planFromCli(parseCliArgs(['--accel', 'tcg', '--timeout', '120', ...argv]), cwd, process.env)
  const output: string[] = []
  const results = await runPlan({ plan, sink: (e: EngineEvent) => void (e.type === 'output' && output.push(e.line)) })
  return { results, output }
}

/** The workspace: one host file the guest goes after. */
function workspace(dir: string): string {
  const ws = join(dir, 'ws')
  mkdirSync(ws)
  writeFileSync(join(ws, 'host.txt'), HOST_TEXT)
  return ws
}

/** The image fixture's root (busybox, bash, mount, qemu-ga) unpacked for a kernel target. */
function unpackRoot(dir: string): string {
  const rootDir = execFileSync('bash', ['-c', '. .ci/fixtures/lib.sh && fx_image_root'], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', 'gzip -dc "$1" | cpio -idm --quiet', 'sh', join(rootDir, 'initrd.img')], { cwd: dir })
  return dir
}

const EXPECTED = {
  rw: ['written by the host', 'overwrite=yes', 'create=yes', 'mounted=yes', 'exists=yes', 'again=yes'],
  ro: ['written by the host', 'overwrite=no', 'create=no', 'mounted=yes', 'exists=yes', 'again=no'],
  off: ['read=no', 'overwrite=no', 'create=no', 'mounted=no', 'exists=no', 'again=no'],
} as const

function expectHostSide(ws: string, mode: keyof typeof EXPECTED): void {
  if (mode === 'rw') {
    expect(readFileSync(join(ws, 'host.txt'), 'utf8')).toBe('guest\n')
    expect(readdirSync(ws).sort()).toEqual(['again.txt', 'host.txt', 'new.txt'])
  } else {
    expect(readFileSync(join(ws, 'host.txt'), 'utf8')).toBe(HOST_TEXT)
    expect(readdirSync(ws)).toEqual(['host.txt'])
  }
}

describe('kernel target with a dedicated rootfs', () => {
  let kernel: string
  beforeAll(() => {
    kernel = tinyKernel()
  })

  it.each(['rw', 'ro', 'off'] as const)('--workspace-mount %s', async (mode) => {
    const t = tempDir()
    try {
      const ws = workspace(t.dir)
      const rootfs = unpackRoot(join(t.dir, 'rootfs'))
      const argv = ['--workspace-mount', mode, '-r', rootfs, '-k', kernel, '--', ATTEMPTS]
      // --plan shows the same export the run uses.
      const shared = planJson(planFromCli(parseCliArgs(argv), ws)).targets[0].qemu.args.filter((a) =>
        a.startsWith('local,id=shared,'),
      )
      expect(shared).toEqual(
        mode === 'off'
          ? []
          : [
              `local,id=shared,path=${ws},mount_tag=vmtest-shared,security_model=none,multidevs=remap${mode === 'ro' ? ',readonly=on' : ''}`,
            ],
      )
      const r = await run(argv, ws)
      expect(r.results[0].result, r.results[0].error).toBe('pass')
      expect(r.output).toEqual(EXPECTED[mode])
      expectHostSide(ws, mode)
    } finally {
      t.remove()
    }
  })
})

describe('image target', () => {
  let image: string
  beforeAll(() => {
    image = fixture('bios-image')[0]
  })

  it.each(['ro', 'off'] as const)('workspace mount %s', async (mode) => {
    const t = tempDir('img-')
    try {
      const ws = workspace(t.dir)
      execFileSync('cp', ['--sparse=always', image, join(t.dir, 'disk.img')])
      writeFileSync(
        join(ws, 'vmtest.toml'),
        `[[target]]\nname = "img"\nimage = "../disk.img"\ncommand = ${JSON.stringify(ATTEMPTS)}\nvm.memory = "1G"\n`,
      )
      const r = await run(['--workspace-mount', mode, '-c', join(ws, 'vmtest.toml')], ws)
      expect(r.results[0].result, r.results[0].error).toBe('pass')
      expect(r.output).toEqual(EXPECTED[mode])
      // The config sits in the workspace: the only file there besides the host's.
      expect(readFileSync(join(ws, 'host.txt'), 'utf8')).toBe(HOST_TEXT)
      expect(readdirSync(ws).sort()).toEqual(['host.txt', 'vmtest.toml'])
    } finally {
      t.remove()
    }
  })
})
