// End-of-run reporting to GitHub: the job summary and the annotations, from the results and
// the tails collected during the run. The action calls this once after `run-end`; the log
// groups (createActionsLogReporter) are written live during the run.
import type { TargetResult } from '../plan/events.js'
import {
  emitAnnotations,
  planAnnotations,
  type Annotation,
  type AnnotationSink,
  type SeverityDiagnostic,
} from './annotations.js'
import { renderSummary, writeJobSummary } from './summary.js'
import type { CommandTails } from './tail.js'

export interface GithubReportInput {
  results: TargetResult[]
  /** Config warnings (Plan.warnings) and errors, for annotations. */
  diagnostics?: SeverityDiagnostic[]
  configFile?: string
  /** Last command-output lines per target (createTailCollector().commandTails()). */
  tailLines?: CommandTails
  title?: string
  /** Default: $GITHUB_WORKSPACE, so annotation paths are repository-relative. */
  workspace?: string
}

export interface GithubReportOutcome {
  summaryWritten: boolean
  annotations: Annotation[]
}

export async function reportToGithub(input: GithubReportInput, sink?: AnnotationSink): Promise<GithubReportOutcome> {
  const markdown = renderSummary(input.results, { title: input.title, tailLines: input.tailLines })
  const summaryWritten = await writeJobSummary(markdown)
  const annotations = planAnnotations({
    results: input.results,
    diagnostics: input.diagnostics,
    configFile: input.configFile,
    tailLines: input.tailLines,
    workspace: input.workspace ?? process.env.GITHUB_WORKSPACE,
  })
  emitAnnotations(annotations, sink)
  return { summaryWritten, annotations }
}
