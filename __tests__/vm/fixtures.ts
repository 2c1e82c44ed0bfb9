// Slow fixtures for VM tests come from the scripts CI runs in .ci/setup (cached outside the
// repo, keyed by their inputs). Calling a script again is instant on a cache hit and builds
// on a miss, so a test never runs against a fixture that does not exist.
import { execFileSync } from 'node:child_process'
import { readdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { main } from '../../src/cli/main.js'

const repo = resolve(import.meta.dirname, '../..')
const built = new Map<string, string[]>()

/** Run `.ci/fixtures/build-<name>.sh` and return the paths it prints. */
export function fixture(name: string): string[] {
  let paths = built.get(name)
  if (!paths) {
    const out = execFileSync('bash', [join(repo, '.ci/fixtures', `build-${name}.sh`)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 1_500_000,
    })
    paths = out.trim().split('\n').filter(Boolean)
    built.set(name, paths)
  }
  return paths
}

/** The small vmtest-ready kernel (9p and virtio built in). */
export function tinyKernel(): string {
  return fixture('kernel')[0]
}

/** Debian's own kernel (9p and virtio as modules), as installed by linux-image-amd64. */
export function stockKernel(): string {
  const boot = readdirSync('/boot')
    .filter((f) => /^vmlinuz-.*-amd64$/.test(f))
    .sort()
  if (!boot.length) throw new Error('no /boot/vmlinuz-*-amd64: install linux-image-amd64 (.ci/setup does)')
  return join('/boot', boot[boot.length - 1])
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

class Capture extends Writable {
  text = ''
  _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

/** The CLI in-process, as a user would run it (`VMTEST_NO_UI` set, as scripts and CI do). */
export async function cli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await main(argv, {
    stdout,
    stderr,
    env: { ...process.env, VMTEST_NO_UI: '1', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** Temp dir for one test, removed by the returned function. Made in TMPDIR: the test file's
 *  private one (usePrivateTmp in own-leftovers.ts), which every VM test file uses instead of
 *  a machine-wide leftovers check. */
export function tempDir(prefix = 'vmtest-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Parse the runner's GITHUB_OUTPUT file: `name<<delimiter`, the value's lines, `delimiter`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) body.push(lines[i])
    out[m[1]] = body.join('\n')
  }
  return out
}
