// RunOptions, built in one place for both front ends: the CLI and the action each turn their
// flags / inputs into RunSettings (already parsed, nothing given = undefined) and this fills
// the defaults and resolves paths, so a default or a rule cannot differ between the two.
import path from 'node:path'
import type {
  AccelMode,
  InitramfsMode,
  RunOptions,
  TestOutput,
  TestOutputSource,
  WorkspaceMount,
} from '../plan/types.js'

/** The run-wide settings a front end read; undefined = the default. */
interface RunSettings {
  accel?: AccelMode
  bootTimeout?: number
  commandTimeout?: number
  initramfs?: InitramfsMode
  writeImage?: boolean
  envWithhold?: readonly string[]
  envPass?: readonly string[]
  jobs?: number | 'auto'
  failOnSplat?: boolean
  testOutput?: TestOutput
  testOutputSource?: TestOutputSource
  failOnTestFailure?: boolean
  /** Relative to `baseDir`. */
  logsDir?: string
  workspaceMount?: WorkspaceMount
  maxLogBytes?: number
}

/**
 * RunOptions from `settings`, `logsDir` resolved against `baseDir` (the CLI's working
 * directory, the action's workspace). Splat failures and parallel runs beyond what the host
 * holds are opt-in; the workspace share is read-write, as upstream's.
 */
export function buildRunOptions(settings: RunSettings, baseDir: string): RunOptions {
  const options: RunOptions = {
    accel: settings.accel ?? 'auto',
    initramfs: settings.initramfs ?? 'auto',
    writeImage: settings.writeImage ?? false,
    envWithhold: [...(settings.envWithhold ?? [])],
    envPass: [...(settings.envPass ?? [])],
    jobs: settings.jobs ?? 'auto',
    failOnSplat: settings.failOnSplat ?? false,
    testOutput: settings.testOutput ?? 'auto',
    workspaceMount: settings.workspaceMount ?? 'rw',
  }
  if (settings.bootTimeout !== undefined) options.bootTimeout = settings.bootTimeout
  if (settings.commandTimeout !== undefined) options.commandTimeout = settings.commandTimeout
  if (settings.logsDir !== undefined) options.logsDir = path.resolve(baseDir, settings.logsDir)
  if (settings.maxLogBytes !== undefined) options.maxLogBytes = settings.maxLogBytes
  // Undefined lets each target's vmtest.toml key (or the default) decide.
  if (settings.testOutputSource !== undefined) options.testOutputSource = settings.testOutputSource
  if (settings.failOnTestFailure !== undefined) options.failOnTestFailure = settings.failOnTestFailure
  return options
}

/** Run options when no flag / input says otherwise. */
export function defaultRunOptions(): RunOptions {
  return buildRunOptions({}, '/')
}
