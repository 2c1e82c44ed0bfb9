// The README stays true: its inputs and outputs tables say what action.yml says (row for row),
// the `results` key table lists exactly the keys the results JSON has (with their types), the
// plan keys are the ones --plan prints, the vmtest.toml reference lists exactly the keys the
// schema accepts (with the schema's defaults), the CLI section and `vmtest --help` name the
// same flags, and the CLI's --version matches package.json.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { VERSION } from '../../src/version.js'
import { HELP_TEXT, VERSION_TEXT } from '../../src/cli/help.js'
import { resultsJson } from '../../src/report/results.js'
import { planJson } from '../../src/engine/plan-json.js'
import { ConfigSchema, MOUNT_KEYS, TARGET_KEYS, TOP_KEYS, VM_KEYS } from '../../src/config/schema.js'
import { defaultRunOptions } from '../../src/config/options.js'
import { makeResult, makeTarget } from '../fixtures/report/events.js'
import { actionInputs, actionOutputs } from './inputs-action-yml.js'

const repo = resolve(import.meta.dirname, '../..')
const readme = readFileSync(resolve(repo, 'README.md'), 'utf8')

/** The README's section that starts with `heading` (up to the next heading of its level or above). */
function section(heading: string): string {
  const level = /^#+/.exec(heading)![0].length
  const start = readme.indexOf(`\n${heading}\n`)
  expect(start, heading).toBeGreaterThanOrEqual(0)
  const rest = readme.slice(start + heading.length + 2)
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'))
  return end < 0 ? rest : rest.slice(0, end)
}

/** Rows of the markdown table whose header line is `header`, split into cells (`\|` kept). */
function table(text: string, header: string): string[][] {
  const lines = text.split('\n')
  const at = lines.indexOf(header)
  expect(at, header).toBeGreaterThanOrEqual(0)
  const rows: string[][] = []
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((c) => c.replace(/\\\|/g, '|')),
    )
  }
  return rows
}

const code = (cell: string): string => /^`([^`]+)`$/.exec(cell)?.[1] ?? cell

/** Every key of a JSON object, nested objects as `a.b` paths (arrays are leaves). */
function keyPaths(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? [`${prefix}${k}`, ...keyPaths(v as Record<string, unknown>, `${prefix}${k}.`)]
      : [`${prefix}${k}`],
  )
}

function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], o)
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

describe('README: the action', () => {
  it('has one inputs-table row per action.yml input, with its default and description', () => {
    const inputs = actionInputs()
    expect(inputs.length).toBeGreaterThan(20)
    const rows = table(section('### Inputs'), '| input | default | description |')
    expect(rows).toEqual(inputs.map((i) => [`\`${i.name}\``, i.default ? `\`${i.default}\`` : '', i.description]))
  })

  it('has one outputs-table row per action.yml output, with its description', () => {
    const outputs = actionOutputs()
    expect(outputs.length).toBeGreaterThan(5)
    const rows = table(section('### Outputs'), '| output | description |')
    expect(rows).toEqual(outputs.map((o) => [`\`${o.name}\``, o.description]))
  })

  // A result with everything known (every optional part present) and one with nothing known:
  // together they show every key and every type a key can have.
  const full = resultsJson([
    makeResult(makeTarget('full'), {
      accelReason: 'accel: tcg was requested',
      error: 'Command failed',
      splats: [{ kind: 'warning', title: 'WARNING: x', excerpt: [], severity: 'warning' }],
      // test_progs: subtests and the program's own summary line present.
      tests: {
        format: 'test_progs',
        tests: { passed: 1, skipped: 1, failed: 1 },
        subtests: { passed: 3, skipped: 0, failed: 1 },
        failures: [],
        failuresDropped: 0,
        reported: { passed: 1, subtestsPassed: 3, skipped: 1, failed: 1 },
      },
    }),
  ])[0] as unknown as Record<string, unknown>
  const bare = resultsJson([
    makeResult(makeTarget('bare'), {
      result: 'error',
      exitCode: null,
      accel: undefined,
      kernelRelease: undefined,
      bootSeconds: undefined,
      commandSeconds: undefined,
      logs: {},
    }),
  ])[0] as unknown as Record<string, unknown>
  const noPlan = resultsJson([
    // KTAP with a plan but no nested subtests and no program summary.
    makeResult(makeTarget('no plan'), {
      tests: {
        format: 'ktap',
        documents: 1,
        planned: 1,
        top: { passed: 1, failed: 0, skipped: 0, todo: 0 },
        nested: { passed: 0, failed: 0, skipped: 0, todo: 0 },
        bailouts: 0,
        planProblems: 0,
        failures: [],
        failuresDropped: 0,
        skips: [],
        skipsDropped: 0,
      },
    }),
  ])[0] as unknown as Record<string, unknown>
  const resultRows = () => table(section('### Outputs'), '| key | type | meaning |')

  it('documents exactly the keys of each `results` object', () => {
    expect(resultRows().map((r) => code(r[0]))).toEqual(keyPaths(full))
  })

  it('gives each `results` key the types it takes', () => {
    for (const [key, type] of resultRows().map((r) => [code(r[0]), r[1]])) {
      const types = type.split(' | ')
      for (const sample of [full, bare, noPlan]) {
        const value = valueAt(sample, key)
        // Under a parent that is null here (`tests` without TAP output) there is nothing to see.
        if (value !== undefined) expect(types, key).toContain(jsonType(value))
      }
      expect(
        types.every((t) => [full, bare, noPlan].some((sample) => jsonType(valueAt(sample, key)) === t)),
        `${key}: ${type}`,
      ).toBe(true)
    }
  })

  it('action.yml names every top-level `results` key', () => {
    const description = actionOutputs().find((o) => o.name === 'results')!.description
    expect(Object.keys(full).filter((k) => !new RegExp(`\\b${k}\\b`).test(description))).toEqual([])
  })

  it('shows `results` read with fromJSON and uploads logs_dir on failure', () => {
    expect(readme).toMatch(/fromJSON\(steps\.\w+\.outputs\.results\)\[0\]\.exit_code/)
    expect(readme).toMatch(
      /- if: failure\(\)\n\s+uses: actions\/upload-artifact@v\d+\n\s+with:\n(?:\s+.*\n)*?\s+path: \$\{\{ steps\.\w+\.outputs\.logs_dir \}\}/,
    )
  })

  it('names every key of a `plan` target', () => {
    const keys = Object.keys(
      planJson({ targets: [makeTarget('k')], options: defaultRunOptions(), warnings: [] }).targets[0],
    )
    const text = section('### Outputs').replace(/\s+/g, ' ')
    expect(keys.filter((k) => !text.includes(`\`${k}\``))).toEqual([])
  })
})

describe('README: vmtest.toml reference', () => {
  const rows = () => table(section('## vmtest.toml reference'), '| key | type | default | meaning |')
  const schemaKeys = [
    ...TOP_KEYS,
    ...TARGET_KEYS,
    ...VM_KEYS.map((k) => `vm.${k}`),
    ...MOUNT_KEYS.map((k) => `vm.mounts."<guest path>".${k}`),
  ]

  it('lists exactly the keys the schema accepts', () => {
    expect(
      rows()
        .map((r) => code(r[0]))
        .sort(),
    ).toEqual(schemaKeys.sort())
  })

  it("gives the schema's own default wherever it has one", () => {
    const bare = ConfigSchema.parse({ target: [{ name: 'n', kernel: 'k', command: 'c' }] }).target[0]
    const mount = ConfigSchema.parse({
      target: [{ name: 'n', kernel: 'k', command: 'c', vm: { mounts: { '/m': { host_path: 'h' } } } }],
    }).target[0].vm.mounts['/m']
    const target = { ...bare, vm: { ...bare.vm, mounts: { ...bare.vm.mounts, '"<guest path>"': mount } } }
    const toml = (v: unknown): string =>
      typeof v === 'bigint' ? String(v) : Array.isArray(v) && v.length === 0 ? '[]' : JSON.stringify(v)
    for (const [cell, , dflt] of rows()) {
      const key = code(cell)
      if (key === 'target' || key === 'vm' || ['name', 'kernel', 'command'].includes(key) || key.endsWith('.host_path'))
        continue
      const value =
        key === 'vm.mounts'
          ? bare.vm.mounts
          : key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], target)
      if (value === undefined) continue
      expect(dflt, key).toBe(`\`${toml(value)}\``)
    }
  })
})

describe('README: the CLI', () => {
  const cli = () => section('## The CLI')
  const longFlags = (text: string): string[] =>
    [...new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((m) => m[0]))].sort()
  const shortPairs = (text: string, sep: RegExp): string[] =>
    [...text.matchAll(sep)].map((m) => `${m[1]} ${m[2]}`).sort()

  it('names every flag of `vmtest --help`, and no flag help does not have', () => {
    const inHelp = longFlags(HELP_TEXT)
    expect(inHelp.length).toBeGreaterThan(15)
    expect(longFlags(cli())).toEqual(inHelp)
  })

  it('pairs short and long flags as help does', () => {
    expect(shortPairs(cli(), /`(-[a-zA-Z])\/(--[a-z-]+)/g)).toEqual(
      shortPairs(HELP_TEXT, /^ {2}(-[a-zA-Z]), (--[a-z-]+)/gm),
    )
  })

  it('names the environment variables help lists', () => {
    const vars = [...HELP_TEXT.split('Environment variables:')[1].matchAll(/^ {2}([A-Z_]+)/gm)].map((m) => m[1])
    expect(vars).toEqual(expect.arrayContaining(['VMTEST_NO_UI', 'NO_COLOR']))
    expect(vars.filter((v) => !cli().includes(`\`${v}\``))).toEqual([])
  })

  it('says NO_COLOR drops colours only, and what gives plain lines', () => {
    const text = cli().replace(/\s+/g, ' ')
    expect(text).toMatch(/`NO_COLOR` \([^)]*\) only drops the colours/)
    expect(text).not.toMatch(/NO_COLOR`?,? or output to a pipe/)
    expect(text).toMatch(/`VMTEST_NO_UI` set \(any value\) or output to a pipe or file, plain lines/)
  })

  it('quotes `vmtest --version` as it is', () => {
    expect(cli().replace(/\s+/g, ' ')).toContain(`\`${VERSION_TEXT.trim()}\``)
  })
})

describe('README: the rest', () => {
  it('names the two commands that set up and run the main job and the tests', () => {
    expect(readme).toContain('bash scripts/demo.sh')
    expect(readme).toContain('bash .ci/setup && npm test')
  })

  it('lists the Kconfig a test kernel needs beyond virtio/9p', () => {
    const guest = section('## What a guest needs')
    for (const option of ['ACPI', 'DEBUG_FS', 'TRACING', 'BPF_SYSCALL', 'DEBUG_INFO_BTF', 'DEVTMPFS'])
      expect(guest).toContain(`\`${option}\``)
  })

  it('says how to run the action under @github/local-action', () => {
    expect(readme.replace(/\s+/g, ' ')).toContain('`npx @github/local-action run . src/action/main.ts .env`')
  })

  it("the CLI version is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')).version)
  })
})
