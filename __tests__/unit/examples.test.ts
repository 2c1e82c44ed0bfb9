// Each example's vmtest.toml (and the one ci.yml fans out) passes `vmtest --plan`, run
// in-process as the CLI. Plan checks that kernels and roots exist, so a temp copy of the
// example gets an empty placeholder for each file and folder it names: the files are the
// user's, the configuration is what is checked.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const repo = resolve(import.meta.dirname, '../..')

class Capture extends Writable {
  text = ''
  _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

interface RawTarget {
  name: string
  kernel?: string
  image?: string
  rootfs?: string
}

const configs = [
  ...readdirSync(join(repo, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(repo, 'examples', d.name)).includes('vmtest.toml'))
    .map((d) => `examples/${d.name}/vmtest.toml`),
  '.github/vmtest-ci.toml',
]

/** A copy of the config's folder with a placeholder for every path its targets name. */
function withPlaceholders(config: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vmtest-example-'))
  const file = join(dir, 'cfg', 'vmtest.toml')
  mkdirSync(dirname(file))
  cpSync(join(repo, config), file)
  const { target } = parse(readFileSync(file, 'utf8')) as unknown as { target: RawTarget[] }
  for (const t of target) {
    for (const f of [t.kernel, t.image]) {
      if (f === undefined) continue
      mkdirSync(dirname(resolve(dirname(file), f)), { recursive: true })
      writeFileSync(resolve(dirname(file), f), '')
    }
    if (t.rootfs !== undefined && t.rootfs !== '/') mkdirSync(resolve(dirname(file), t.rootfs), { recursive: true })
  }
  return { dir, file }
}

describe('example configurations', () => {
  it('exist for the kernel matrix and aarch64 examples, and the workflows use them', () => {
    expect(configs).toEqual(
      expect.arrayContaining(['examples/kernel-matrix/vmtest.toml', 'examples/aarch64/vmtest.toml']),
    )
    for (const c of configs.filter((c) => c.startsWith('examples/'))) {
      expect(readFileSync(join(repo, dirname(c), 'workflow.yml'), 'utf8')).toContain('config: vmtest.toml')
    }
  })

  it.each(configs)('%s passes vmtest --plan', async (config) => {
    const { dir, file } = withPlaceholders(config)
    try {
      const stdout = new Capture()
      const stderr = new Capture()
      const code = await main(['--plan', '-c', file], {
        stdout,
        stderr,
        env: { ...process.env, VMTEST_NO_UI: '1' },
        cwd: dir,
      })
      expect(stderr.text).toBe('')
      expect(code).toBe(0)
      const plan = JSON.parse(stdout.text) as { targets: { name: string }[] }
      const names = (parse(readFileSync(file, 'utf8')) as unknown as { target: RawTarget[] }).target.map((t) => t.name)
      expect(plan.targets.map((t) => t.name)).toEqual(names)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
