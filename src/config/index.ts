// The config loader's public face: what the front ends and the tests use to turn a
// vmtest.toml or a one-liner into targets.
export { hostArch } from './arch.js'
export { ConfigError, toDiagnostic } from './errors.js'
export { loadConfig, parseConfig } from './load.js'
export { filterTargets } from './filter.js'
export { checkPaths, findPathProblems } from './paths.js'
export { oneLinerTarget } from './one-liner.js'
