// CLI arguments → Plan. Config mode loads vmtest.toml and applies --filter; one-liner mode
// (`-k`) builds one kernel target and ignores --filter, as upstream does.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Diagnostic, Plan, RunOptions } from '../plan/types.js'
import { ConfigError } from '../config/errors.js'
import { compileFilter, filterTargets, noMatchMessage } from '../config/filter.js'
import { parseEnvNames } from '../config/lists.js'
import { loadConfig } from '../config/load.js'
import { oneLinerTarget } from '../config/one-liner.js'
import { buildRunOptions } from '../config/options.js'
import { ValueError } from '../config/values.js'
import type { CliArgs } from './args.js'

const DEFAULT_CONFIG = 'vmtest.toml'
const DEFAULT_FILTER = '.*'

export function planFromCli(args: CliArgs, cwd: string, env: NodeJS.ProcessEnv = process.env): Plan {
  const options = runOptionsFromCli(args, cwd, env)
  const warnings: Diagnostic[] = []

  if (args.kernel !== undefined) {
    // Upstream says "Invalid config: Target 'bzImage' has empty command", which sends people
    // looking for a config they never wrote.
    if (args.command.join(' ').trim() === '') throw new ConfigError(missingCommandMessage(args.kernel))
    if (args.filter !== undefined)
      warnings.push({ message: `--filter '${args.filter}' is ignored with --kernel (one-liner mode has one target)` })
    const target = oneLinerTarget(
      {
        kernel: args.kernel,
        kernel_args: args.kargs,
        rootfs: args.rootfs,
        kernel_modules: args.kernelModules,
        arch: args.arch,
        qemu_command: args.qemuCommand,
        kvm_cpu_args: args.kvmCpuArgs,
        network: args.network,
        shared_fs: args.sharedFs,
        command: args.command,
      },
      cwd,
    )
    return { targets: [target], options, warnings }
  }

  const display = args.config ?? DEFAULT_CONFIG
  // Compile first: a bad regex is reported even when the config is fine.
  const filter = compileFilter(args.filter ?? DEFAULT_FILTER)
  const file = path.resolve(cwd, display)
  // Plain `vmtest` in a folder without a vmtest.toml: most likely a first try, so say what
  // was looked for and how to run one command instead of a raw ENOENT.
  if (args.config === undefined && !existsSync(file)) throw new ConfigError(noDefaultConfigMessage(file))
  const config = loadConfig(file, { displayPath: display })
  warnings.push(...config.warnings)
  const targets = filterTargets(config.targets, filter)
  // Upstream exits 0 when nothing matches (kept: scripts may rely on it), but silently.
  if (targets.length === 0 && config.targets.length > 0) {
    warnings.push({
      message: `${noMatchMessage('--filter', args.filter ?? DEFAULT_FILTER, config.targets, display)}; nothing to run`,
      file: config.file,
    })
  }
  return { targets, options, warnings }
}

const ONE_COMMAND = 'vmtest -k KERNEL -- COMMAND'

function noDefaultConfigMessage(file: string): string {
  return [
    `error: no vmtest.toml here (looked for ${file})`,
    '',
    'Usage:',
    `  ${ONE_COMMAND.padEnd(30)}boot KERNEL and run COMMAND in it`,
    `  ${'vmtest -c CONFIG'.padEnd(30)}run the targets of a vmtest.toml`,
    '',
    "For more information, try '--help'.",
  ].join('\n')
}

function missingCommandMessage(kernel: string): string {
  return [
    `error: no COMMAND to run in the guest after '--kernel ${kernel}'`,
    '',
    `Usage: ${ONE_COMMAND}   (or \`-\` as the COMMAND for a shell in the guest)`,
    '',
    "For more information, try '--help'.",
  ].join('\n')
}

function runOptionsFromCli(args: CliArgs, cwd: string, env: NodeJS.ProcessEnv): RunOptions {
  // The CLI's counterpart of the action's env_withhold / env_pass inputs.
  let envWithhold: string[]
  let envPass: string[]
  try {
    envWithhold = parseEnvNames(env.VMTEST_ENV_WITHHOLD ?? '', 'VMTEST_ENV_WITHHOLD')
    envPass = parseEnvNames(env.VMTEST_ENV_PASS ?? '', 'VMTEST_ENV_PASS')
  } catch (e) {
    if (e instanceof ValueError) throw new ConfigError(e.message)
    throw e
  }
  return buildRunOptions(
    {
      accel: args.accel,
      bootTimeout: args.bootTimeout,
      commandTimeout: args.timeout,
      initramfs: args.initramfs,
      writeImage: args.writeImage,
      envWithhold,
      envPass,
      jobs: args.jobs,
      failOnSplat: args.failOnSplat,
      testOutput: args.testOutput,
      testOutputSource: args.testOutputSource,
      failOnTestFailure: args.failOnTestFailure,
      logsDir: args.logsDir,
      workspaceMount: args.workspaceMount,
      maxLogBytes: args.maxLogSize,
    },
    cwd,
  )
}
