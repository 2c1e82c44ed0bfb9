// The README stays true: every input and output of action.yml has a row in its tables, and
// the CLI's --version matches package.json.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { VERSION } from '../../src/version.js'

const repo = resolve(import.meta.dirname, '../..')
const actionYml = readFileSync(resolve(repo, 'action.yml'), 'utf8')
const readme = readFileSync(resolve(repo, 'README.md'), 'utf8')

function keysOf(section: 'inputs' | 'outputs'): string[] {
  const body = actionYml.split(`\n${section}:\n`)[1].split(/\n[a-z]/)[0]
  return [...body.matchAll(/^ {2}([a-z0-9_]+):$/gm)].map((m) => m[1])
}

describe('README', () => {
  it.each(['inputs', 'outputs'] as const)('documents every action %s in a table row', (section) => {
    const keys = keysOf(section)
    expect(keys.length).toBeGreaterThan(section === 'inputs' ? 20 : 3)
    const missing = keys.filter((k) => !readme.includes(`| \`${k}\` |`))
    expect(missing).toEqual([])
  })

  it('names the two commands that set up and run the main job and the tests', () => {
    expect(readme).toContain('bash scripts/demo.sh')
    expect(readme).toContain('bash .ci/setup && npm test')
  })

  it('the CLI version is package.json\'s', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')).version)
  })
})
