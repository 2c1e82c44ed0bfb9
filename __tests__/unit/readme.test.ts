// The README stays true: its inputs table says what action.yml says (row for row), every
// output has a row, every `vmtest --help` flag is in the CLI section, and the CLI's --version
// matches package.json.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { VERSION } from '../../src/version.js'
import { HELP_TEXT } from '../../src/cli/help.js'
import { actionInputs } from './inputs-action-yml.js'

const repo = resolve(import.meta.dirname, '../..')
const actionYml = readFileSync(resolve(repo, 'action.yml'), 'utf8')
const readme = readFileSync(resolve(repo, 'README.md'), 'utf8')

function outputKeys(): string[] {
  const body = actionYml.split(`\noutputs:\n`)[1].split(/\n[a-z]/)[0]
  return [...body.matchAll(/^ {2}([a-z0-9_]+):$/gm)].map((m) => m[1])
}

describe('README', () => {
  it('has one inputs-table row per action.yml input, with its default and description', () => {
    const inputs = actionInputs()
    expect(inputs.length).toBeGreaterThan(20)
    const rows = readme.split('\n').filter((l) => /^\| `[a-z0-9_]+` \|/.test(l) && l.split(' | ').length === 3)
    const expected = inputs.map((i) => `| \`${i.name}\` | ${i.default ? `\`${i.default}\`` : ''} | ${i.description.replace(/\|/g, '\\|')} |`)
    expect(rows.filter((r) => inputs.some((i) => r.startsWith(`| \`${i.name}\` |`)))).toEqual(expected)
  })

  it('documents every action output in a table row', () => {
    const keys = outputKeys()
    expect(keys.length).toBeGreaterThan(3)
    expect(keys.filter((k) => !readme.includes(`| \`${k}\` |`))).toEqual([])
  })

  it('names every flag of `vmtest --help` in the CLI section', () => {
    const cli = readme.split('\n## The CLI\n')[1].split('\n## ')[0]
    const flags = [...new Set([...HELP_TEXT.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]))].filter((f) => f !== '--help' && f !== '--version')
    expect(flags.length).toBeGreaterThan(15)
    expect(flags.filter((f) => !new RegExp(`[\`/]${f}[\` ]`).test(cli))).toEqual([])
  })

  it('names the two commands that set up and run the main job and the tests', () => {
    expect(readme).toContain('bash scripts/demo.sh')
    expect(readme).toContain('bash .ci/setup && npm test')
  })

  it("the CLI version is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')).version)
  })
})
