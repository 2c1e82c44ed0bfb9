// Runner setup, cold vs warm, side by side in one run: a fresh tool cache (apt-cache
// resolve, apt-get download, dpkg-deb unpack, copy into the tool cache) against a tool-cache
// hit (find + `qemu --version`). Needs apt reachable. `npm run bench` prints the ratio.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Plan } from '../src/plan/types.js'
import { setupHost } from '../src/setup/install.js'

const plan: Plan = {
  targets: [
    {
      name: 'bench',
      kind: 'kernel',
      arch: 'x86_64',
      kernel: '/boot/vmlinuz',
      uefi: false,
      rootfs: '/',
      qemuCommand: 'qemu-system-x86_64',
      command: 'true',
      kvmCpuArgs: 'host',
      vm: { numCpus: 1, memory: '256M', mounts: [], extraArgs: [] },
      sharedDir: os.tmpdir(),
      origin: { index: 0 },
    },
  ],
  options: {
    accel: 'tcg',
    initramfs: 'auto',
    writeImage: false,
    envWithhold: [],
    envPass: [],
    jobs: 1,
    failOnSplat: false,
    testOutput: 'none',
  },
  warnings: [],
}

export async function benchSetup(): Promise<{ coldMs: number; warmMs: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-setup-'))
  const saved = { tc: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }
  process.env.RUNNER_TOOL_CACHE = path.join(work, 'tool-cache')
  process.env.RUNNER_TEMP = path.join(work, 'temp')
  const log = (): void => {}
  try {
    const t0 = performance.now()
    const cold = await setupHost(plan, { mode: 'tool-cache', cache: false, log })
    const coldMs = performance.now() - t0
    const t1 = performance.now()
    const warm = await setupHost(plan, { mode: 'tool-cache', cache: false, log })
    const warmMs = performance.now() - t1
    if (warm.aptCommandsRun !== 0 || warm.qemuPaths.x86_64 !== cold.qemuPaths.x86_64) {
      throw new Error('bench: the warm setup did not reuse the cold one')
    }
    return { coldMs, warmMs }
  } finally {
    for (const [k, v] of [
      ['RUNNER_TOOL_CACHE', saved.tc],
      ['RUNNER_TEMP', saved.temp],
    ] as const) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    fs.rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { coldMs, warmMs } = await benchSetup()
  console.log(
    `setup: cold (fresh tool cache) ${coldMs.toFixed(0)} ms, warm (tool-cache hit) ${warmMs.toFixed(0)} ms, ${(coldMs / warmMs).toFixed(1)}x`,
  )
}
