// What `vmtest` says when a first try goes wrong, run in-process as the CLI: no config and no
// arguments, a kernel without a command, a mistyped flag, a filter that selects nothing; what
// --version says; which output mode the environment picks (VMTEST_NO_UI or a pipe: plain
// lines; NO_COLOR: colours only); and that a VM error ends a target's block without a verdict
// line, as upstream's does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { main, outputMode } from '../../src/cli/main.js'
import { VERSION } from '../../src/version.js'
import { createTerminalReporter } from '../../src/report/terminal.js'
import type { EngineEvent } from '../../src/plan/events.js'
import { erroringRun, failingRun, makeTarget, run } from '../fixtures/report/events.js'

const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-cli-messages-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function cli(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let o = ''
  let e = ''
  stdout.on('data', (c: Buffer) => (o += c.toString()))
  stderr.on('data', (c: Buffer) => (e += c.toString()))
  const code = await main(argv, { stdout, stderr, env, cwd })
  return { code, stdout: o, stderr: e }
}

function folder(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(tmp, name)
  mkdirSync(dir, { recursive: true })
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text)
  return dir
}

describe('vmtest with nothing to go on', () => {
  it('no arguments and no vmtest.toml: says what it looked for and how to run one command', async () => {
    const dir = folder('empty')
    const r = await cli([], dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`no vmtest.toml here (looked for ${path.join(dir, 'vmtest.toml')})`)
    expect(r.stderr).toContain('vmtest -k KERNEL -- COMMAND')
    expect(r.stderr).not.toMatch(/ENOENT|errno|no such file or directory, open/)
  })

  it('-c naming a missing file: says which path it looked for, no errno', async () => {
    const dir = folder('empty')
    const r = await cli(['-c', 'ci/vmtest.toml'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(
      `Failed to read config file ci/vmtest.toml: no such file (looked for ${path.join(dir, 'ci', 'vmtest.toml')})`,
    )
  })

  it('-k KERNEL without a command: the command is missing, no word about a config', async () => {
    const r = await cli(['-k', 'bzImage'], folder('empty'))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("no COMMAND to run in the guest after '--kernel bzImage'")
    expect(r.stderr).toContain('vmtest -k KERNEL -- COMMAND')
    expect(r.stderr).not.toMatch(/config/i)
  })

  it.each([
    ['--kernal', "error: unexpected argument '--kernal' found (did you mean '--kernel'?)"],
    ['--jsn=out.json', "error: unexpected argument '--jsn' found (did you mean '--json'?)"],
    ['--fail_on_splat', "error: unexpected argument '--fail_on_splat' found (did you mean '--fail-on-splat'?)"],
    ['--frobnicate', "error: unexpected argument '--frobnicate' found\n"],
  ])('%s: a usage error with the closest flag, if one is close', async (flag, message) => {
    const r = await cli([flag, 'x'], folder('empty'))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(message)
  })
})

describe('a filter that matches nothing', () => {
  const config = ['6.1 tiny', 'stock']
    .map((n) => `[[target]]\nname = "${n}"\nkernel = "k"\ncommand = "true"\n`)
    .join('\n')

  it('exits 0 as upstream, and says so on stderr, listing the targets', async () => {
    const r = await cli(['-f', '^6\\.6'], folder('two', { 'vmtest.toml': config, k: '' }), { VMTEST_NO_UI: '1' })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      /^warning: .*vmtest\.toml: --filter '\^6\\\.6' matches none of the 2 target\(s\) in vmtest\.toml: '6\.1 tiny', 'stock'; nothing to run$/m,
    )
  })

  it('--plan says so too, and prints an empty plan', async () => {
    const r = await cli(['--plan', '-f', 'nothing'], folder('two', { 'vmtest.toml': config, k: '' }))
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ targets: [] })
    expect(r.stderr).toContain("--filter 'nothing' matches none of the 2 target(s)")
  })
})

describe('--version', () => {
  it('names this release and the upstream release it is compatible with', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag], folder('empty'))
      expect(r.code).toBe(0)
      expect(r.stdout).toBe(`vmtest ${VERSION} (vmtest-action; compatible with vmtest 0.18)\n`)
    }
  })
})

describe('output mode', () => {
  const terminal = { isTTY: true } as unknown as NodeJS.WritableStream & { isTTY?: boolean }
  const pipe = {} as NodeJS.WritableStream & { isTTY?: boolean }
  it.each<[string, typeof terminal, NodeJS.ProcessEnv, boolean, { tty: boolean; color: boolean }]>([
    ['a terminal', terminal, {}, false, { tty: true, color: true }],
    ['NO_COLOR: the live view without colours', terminal, { NO_COLOR: '1' }, false, { tty: true, color: false }],
    ['NO_COLOR empty: ignored (no-color.org)', terminal, { NO_COLOR: '' }, false, { tty: true, color: true }],
    ['VMTEST_NO_UI: plain lines', terminal, { VMTEST_NO_UI: '1' }, false, { tty: false, color: false }],
    [
      'VMTEST_NO_UI empty: still plain lines (any value, as upstream)',
      terminal,
      { VMTEST_NO_UI: '' },
      false,
      { tty: false, color: false },
    ],
    ['a pipe: plain lines', pipe, {}, false, { tty: false, color: false }],
    ['the interactive shell: plain lines around it', terminal, {}, true, { tty: false, color: false }],
  ])('%s', (_label, stdout, env, interactive, expected) => {
    expect(outputMode({ stdout, env }, interactive)).toEqual(expected)
  })
})

describe('after a VM error, no verdict line (upstream prints none)', () => {
  function output(events: EngineEvent[], tty: boolean): string {
    const out = new PassThrough()
    let text = ''
    out.on('data', (c: Buffer) => (text += c.toString()))
    const r = createTerminalReporter({
      out,
      tty,
      color: false,
      configMode: true,
      redrawMs: 0,
      columns: () => 80,
      rows: () => 60,
    })
    for (const e of events) r.onEvent(e)
    void r.close?.()
    return text
  }

  it.each([false, true])('tty %s: an error ends with the error, a failed command with FAILED', (tty) => {
    const bad = makeTarget('boot fails')
    const errored = output(run([bad], erroringRun(bad)), tty)
    expect(errored).toContain('Kernel panic - not syncing: VFS: Unable to mount root fs')
    expect(errored).not.toMatch(/^FAILED$/m)
    const failing = makeTarget('exit 2')
    expect(output(run([failing], failingRun(failing, ['x'], 2)), tty)).toMatch(
      /^Command failed with exit code: 2\nFAILED$/m,
    )
  })
})
