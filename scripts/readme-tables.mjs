// Rewrites README.md's inputs and outputs tables from action.yml, so the two cannot drift:
// `node scripts/readme-tables.mjs` after editing an input or output in action.yml
// (__tests__/unit/readme.test.ts fails until the README says the same). It reads action.yml in
// the file's own style (each value one single-quoted line), not as general YAML.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '..')
const yml = readFileSync(resolve(repo, 'action.yml'), 'utf8')
const unquote = (s) => s.replace(/''/g, "'")
const cell = (s) => s.replace(/\|/g, '\\|')

function entries(name) {
  const body = yml.split(`\n${name}:\n`)[1].split(/\n(?=[a-z])/)[0]
  return [...body.matchAll(/^ {2}([a-z0-9_]+):\n((?: {4}.*\n?)*)/gm)].map((m) => ({
    name: m[1],
    description: unquote(/^ {4}description: '((?:[^']|'')*)'$/m.exec(m[2])?.[1] ?? ''),
    default: /^ {4}default: '((?:[^']|'')*)'$/m.exec(m[2])?.[1],
  }))
}

const tables = {
  '| input | default | description |': entries('inputs').map(
    (i) => `| \`${i.name}\` | ${i.default ? `\`${unquote(i.default)}\`` : ''} | ${cell(i.description)} |`,
  ),
  '| output | description |': entries('outputs').map((o) => `| \`${o.name}\` | ${cell(o.description)} |`),
}

const file = resolve(repo, 'README.md')
const lines = readFileSync(file, 'utf8').split('\n')
for (const [header, rows] of Object.entries(tables)) {
  const at = lines.indexOf(header)
  if (at < 0) throw new Error(`README.md has no table headed ${header}`)
  let end = at + 2
  while (end < lines.length && lines[end].startsWith('|')) end++
  lines.splice(at + 2, end - at - 2, ...rows)
}
writeFileSync(file, lines.join('\n'))
