// Annotations: config problems at their file/line/column, failed targets at their
// `[[target]]` line, kernel splats, failing tests and subtests. GitHub shows at most 10 annotations of
// each kind per step, so the plan keeps 9 and turns the 10th into a count of the rest.
import * as core from '@actions/core'
import * as path from 'node:path'
import type { Diagnostic } from '../plan/types.js'
import type { TargetResult } from '../plan/events.js'
import { isFailed } from './results.js'
import { testsView, type TestsView } from './tests-view.js'
import { tailOf, type CommandTails } from './tail.js'
import { oneLine, splitLines, truncate } from '../analysis/text.js'

export type AnnotationKind = 'error' | 'warning' | 'notice'

export interface Annotation {
  kind: AnnotationKind
  message: string
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

/** A config diagnostic; plain Diagnostics (Plan.warnings) are warnings. */
export type SeverityDiagnostic = Diagnostic & { severity?: AnnotationKind }

export interface PlanAnnotationsInput {
  diagnostics?: SeverityDiagnostic[]
  results: TargetResult[]
  /** The config file, for diagnostics that do not name one. */
  configFile?: string
  /** Repository root ($GITHUB_WORKSPACE): absolute paths inside it are made relative, which
   *  is what the runner needs to attach an annotation to a file in the diff. */
  workspace?: string
  /** Last command-output lines per target, quoted in a failed target's annotation. */
  tailLines?: CommandTails
  /** Per-kind display limit (GitHub: 10). */
  limit?: number
}

const ANNOTATION_LIMIT = 10
const TAIL_IN_ANNOTATION = 10
const MAX_MESSAGE_CHARS = 4000
const MAX_TITLE_CHARS = 200

function relativeFile(file: string | undefined, workspace: string | undefined): string | undefined {
  if (!file) return undefined
  if (!workspace || !path.isAbsolute(file)) return file
  const rel = path.relative(workspace, file)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file
  return rel.split(path.sep).join('/')
}

function clip(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}\n…` : message
}

const VERB: Record<TargetResult['result'], string> = {
  pass: 'passed',
  fail: 'failed',
  timeout: 'timed out',
  error: 'did not run',
  skipped: 'was skipped',
}

function targetLocation(r: TargetResult, input: PlanAnnotationsInput): Pick<Annotation, 'file' | 'startLine'> {
  const file = relativeFile(r.origin.file, input.workspace)
  if (!file) return {}
  return r.origin.line !== undefined ? { file, startLine: r.origin.line } : { file }
}

function withLocation(a: Annotation, loc: Pick<Annotation, 'file' | 'startLine' | 'startColumn'>): Annotation {
  if (loc.file !== undefined) a.file = loc.file
  if (loc.startLine !== undefined) a.startLine = loc.startLine
  if (loc.startColumn !== undefined) a.startColumn = loc.startColumn
  return a
}

function title(text: string): string {
  return truncate(oneLine(text), MAX_TITLE_CHARS)
}

function failureMessage(r: TargetResult, tail: string[] | undefined): string {
  const lines: string[] = []
  if (r.error) lines.push(...splitLines(r.error))
  else if (r.exitCode !== null) lines.push(`Command exited with status ${r.exitCode}`)
  else lines.push(`Target ${VERB[r.result]}`)
  const last = (tail && tail.length > 0 ? tail : r.result === 'error' ? (r.consoleTail ?? []) : []).slice(
    -TAIL_IN_ANNOTATION,
  )
  if (last.length > 0) {
    lines.push(
      '',
      `Last ${last.length} lines${tail && tail.length > 0 ? '' : ' of the console'}:`,
      ...last.map((l) => oneLine(l)),
    )
  }
  lines.push('', 'See the job summary and the log group for details.')
  return clip(lines.join('\n'))
}

/**
 * One error per failing test or subtest: its name, why (directive, bail-out, broken plan; a
 * nested failure under a parent that said `ok`), and its bounded excerpt, which keeps the
 * early `[FAIL]`/`Expected` lines and not only the last ones.
 */
function testAnnotations(r: TargetResult, v: TestsView, loc: Pick<Annotation, 'file' | 'startLine'>): Annotation[] {
  return v.failures.map((f) => {
    const lines: string[] = []
    if (f.hidden)
      lines.push(
        f.counted
          ? `${f.name}: nested failure (its parent reported ok)`
          : `${f.name}: failed, but its test reported OK (test_progs does not count it)`,
      )
    if (f.reason) lines.push(oneLine(f.reason))
    if (f.excerpt.length > 0) lines.push(...f.excerpt.map((l) => oneLine(l)))
    if (lines.length === 0) lines.push(`Test ${f.label} failed`)
    const a: Annotation = {
      kind: f.counted ? 'error' : 'notice',
      title: title(`'${r.name}': ${f.label}`),
      message: clip(lines.join('\n')),
    }
    return withLocation(a, loc)
  })
}

/** Keeps at most `limit` per kind; the last kept one of a kind says how many were left out. */
export function limitPerKind(list: Annotation[], limit = ANNOTATION_LIMIT): Annotation[] {
  const byKind = new Map<AnnotationKind, Annotation[]>()
  for (const a of list) {
    const l = byKind.get(a.kind) ?? []
    l.push(a)
    byKind.set(a.kind, l)
  }
  const noun: Record<AnnotationKind, string> = { error: 'failures', warning: 'warnings', notice: 'notices' }
  const out: Annotation[] = []
  for (const a of list) {
    const all = byKind.get(a.kind) ?? []
    const idx = all.indexOf(a)
    if (all.length <= limit || idx < limit - 1) {
      out.push(a)
    } else if (idx === limit - 1) {
      const rest = all.length - (limit - 1)
      out.push({
        kind: a.kind,
        title: `vmtest: ${rest} more ${noun[a.kind]}`,
        message: `and ${rest} more ${noun[a.kind]}: see the job summary`,
      })
    }
  }
  return out
}

/**
 * The annotations for a run, in priority order within each kind (config problems, then
 * failed targets, then kernel splats, then failing tests), limited to `limit` per kind.
 */
export function planAnnotations(input: PlanAnnotationsInput): Annotation[] {
  const list: Annotation[] = []

  for (const d of input.diagnostics ?? []) {
    const kind = d.severity ?? 'warning'
    const file = relativeFile(d.file ?? input.configFile, input.workspace)
    const a: Annotation = {
      kind,
      title: title(`vmtest config ${kind === 'error' ? 'error' : kind}${file ? `: ${path.basename(file)}` : ''}`),
      message: clip(d.message),
    }
    list.push(withLocation(a, { file, startLine: d.line, startColumn: d.column }))
  }

  for (const r of input.results) {
    if (!isFailed(r)) continue
    const a: Annotation = {
      kind: 'error',
      title: title(`vmtest: target '${r.name}' ${VERB[r.result]}`),
      message: failureMessage(r, tailOf(input.tailLines, r)),
    }
    list.push(withLocation(a, targetLocation(r, input)))
  }

  for (const r of input.results) {
    for (const s of r.splats ?? []) {
      const a: Annotation = {
        kind: s.severity,
        title: title(`Kernel ${s.kind} in '${r.name}': ${s.title}`),
        message: clip(s.excerpt.map((l) => oneLine(l)).join('\n')),
      }
      list.push(withLocation(a, targetLocation(r, input)))
    }
  }

  for (const r of input.results) {
    if (r.tests) list.push(...testAnnotations(r, testsView(r.tests), targetLocation(r, input)))
  }

  return limitPerKind(list, input.limit ?? ANNOTATION_LIMIT)
}

export type AnnotationSink = Pick<typeof core, 'error' | 'warning' | 'notice'>

/**
 * Emits annotations as workflow commands through @actions/core, which escapes `%`, CR and LF
 * in the message and also `:` and `,` in the properties (title, file).
 */
export function emitAnnotations(list: Annotation[], sink: AnnotationSink = core): void {
  for (const a of list) {
    const props: core.AnnotationProperties = {}
    if (a.title !== undefined) props.title = a.title
    if (a.file !== undefined) props.file = a.file
    if (a.startLine !== undefined) props.startLine = a.startLine
    if (a.startColumn !== undefined) props.startColumn = a.startColumn
    sink[a.kind](a.message, props)
  }
}
