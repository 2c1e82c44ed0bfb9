// action.yml's inputs and outputs as data, for the tests that hold the code, README and help to it. A
// small reader for the file's own style (each value one single-quoted line), not a YAML parser.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export interface ActionYmlInput {
  name: string
  description: string
  /** undefined: no `default:` line (target inputs, so "not given" is visible). */
  default?: string
}

const unquote = (s: string): string => s.replace(/''/g, "'")

export function actionInputs(file = resolve(import.meta.dirname, '../../action.yml')): ActionYmlInput[] {
  const section = readFileSync(file, 'utf8')
    .split('\ninputs:\n')[1]
    .split(/\n(?=[a-z])/)[0]
  return [...section.matchAll(/^ {2}([a-z0-9_]+):\n((?: {4}.*\n?)*)/gm)].map((m) => {
    const description = /^ {4}description: '((?:[^']|'')*)'$/m.exec(m[2])
    const dflt = /^ {4}default: '((?:[^']|'')*)'$/m.exec(m[2])
    return {
      name: m[1],
      description: description ? unquote(description[1]) : '',
      default: dflt ? unquote(dflt[1]) : undefined,
    }
  })
}

export interface ActionYmlOutput {
  name: string
  description: string
}

export function actionOutputs(file = resolve(import.meta.dirname, '../../action.yml')): ActionYmlOutput[] {
  const section = readFileSync(file, 'utf8')
    .split('\noutputs:\n')[1]
    .split(/\n(?=[a-z])/)[0]
  return [...section.matchAll(/^ {2}([a-z0-9_]+):\n((?: {4}.*\n?)*)/gm)].map((m) => {
    const description = /^ {4}description: '((?:[^']|'')*)'$/m.exec(m[2])
    return { name: m[1], description: description ? unquote(description[1]) : '' }
  })
}
