export { hostArch, isArch, defaultQemuCommand } from './arch.js'
export { ConfigError, toDiagnostic, formatDiagnostic, formatLocation } from './errors.js'
export { loadConfig, parseConfig, type LoadedConfig, type ParseConfigOptions } from './load.js'
export { filterTargets, compileFilter } from './filter.js'
export { checkPaths, findPathProblems, type PathProblem } from './paths.js'
export { oneLinerTarget, oneLinerName, type OneLinerOptions } from './one-liner.js'
export { defaultRunOptions } from './options.js'
export {
  assertUpstreamRules,
  upstreamRuleViolation,
  resolveTarget,
  defaultSpec,
  type TargetSpec,
  type MountSpec,
  DEFAULT_MEMORY,
  DEFAULT_NUM_CPUS,
  DEFAULT_ROOTFS,
  DEFAULT_KVM_CPU_ARGS,
} from './spec.js'
