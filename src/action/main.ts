// The action's main step: inputs → plan → setup → engine → reporters (log groups, job
// summary, annotations, outputs). Thin: every piece below lives in its own module.
import * as core from '@actions/core'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { loadInputs, planFromInputs, type ActionInputs } from './inputs.js'
import { ConfigError, toDiagnostic } from '../config/errors.js'
import { checkPaths } from '../config/paths.js'
import type { Plan } from '../plan/types.js'
import { planJson } from '../engine/plan-json.js'
import { plannedAccel } from '../engine/accel-plan.js'
import { runPlan } from '../engine/run.js'
import { installSignalHandlers } from '../util/cleanup.js'
import { createActionsLogReporter } from '../report/actions-log.js'
import { emitAnnotations, planAnnotations } from '../report/annotations.js'
import { reportToGithub } from '../report/github.js'
import { createTailCollector } from '../report/tail.js'
import { fanOut } from '../report/reporter.js'
import { countResults, resultsJson } from '../report/results.js'
import { matrixOf } from './matrix.js'
import { prepareRunner } from './setup.js'

export async function run(): Promise<void> {
  let inputs: ActionInputs
  let plan: Plan
  try {
    inputs = loadInputs()
    // '.' rather than process.cwd(): the bundler treats cwd-relative paths as assets to copy.
    plan = planFromInputs(inputs, resolve(process.env.GITHUB_WORKSPACE || '.'))
    // plan_only promises a plan that would boot: check the files now. A full run checks them
    // per target instead, so one missing kernel does not stop the others.
    if (inputs.plan_only) checkPaths(plan.targets)
  } catch (e) {
    if (e instanceof ConfigError) {
      emitAnnotations(
        planAnnotations({
          diagnostics: [
            { ...toDiagnostic(e), severity: 'error' },
            ...e.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
          ],
          results: [],
          workspace: process.env.GITHUB_WORKSPACE,
        }),
      )
      core.setFailed(e.message)
      return
    }
    throw e
  }
  emitAnnotations(
    planAnnotations({
      diagnostics: plan.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
      results: [],
      workspace: process.env.GITHUB_WORKSPACE,
    }),
  )

  if (inputs.plan_only) {
    core.setOutput('plan', JSON.stringify(planJson(plan, { accelFor: await plannedAccel(plan) })))
    core.setOutput('matrix', JSON.stringify(matrixOf(plan)))
    core.info(`plan_only: ${plan.targets.length} target(s), nothing booted`)
    return
  }

  const logsDir = plan.options.logsDir ?? join(process.env.RUNNER_TEMP || tmpdir(), 'vmtest-logs')
  plan.options.logsDir = logsDir
  const abort = new AbortController()
  const uninstall = installSignalHandlers((signal) => abort.abort(signal))
  try {
    const setup = await prepareRunner(plan, inputs)
    const tails = createTailCollector(50)
    const reporter = fanOut(createActionsLogReporter({ write: (text) => void process.stdout.write(text) }), tails)
    const results = await runPlan({ plan, sink: (e) => reporter.onEvent(e), setup, signal: abort.signal })
    await reporter.close?.()

    const { passed, failed } = countResults(results)
    await reportToGithub({ results, configFile: plan.targets[0]?.origin.file, tailLines: tails.commandTails() })
    core.setOutput('results', JSON.stringify(resultsJson(results)))
    core.setOutput('passed', String(passed))
    core.setOutput('failed', String(failed))
    core.setOutput('logs_dir', logsDir)
    if (abort.signal.aborted) core.setFailed(`cancelled (${String(abort.signal.reason)})`)
    else if (failed && !inputs.continue_on_failure) core.setFailed(`${failed} of ${results.length} target(s) failed`)
    else if (failed) core.warning(`${failed} of ${results.length} target(s) failed (continue_on_failure: true)`)
  } finally {
    uninstall()
  }
}
