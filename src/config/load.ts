// vmtest.toml → validated, resolved targets. Order of checks mirrors upstream: TOML syntax,
// then types for every target (upstream's serde pass), then upstream's rules target by target.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseToml, TomlError } from 'smol-toml'
import type { z } from 'zod'
import type { Arch, Diagnostic, Target } from '../plan/types.js'
import { hostArch } from './arch.js'
import { ConfigError, formatLocation } from './errors.js'
import { locateKeys, type KeyLocator } from './locate.js'
import { ConfigSchema, describeValue, formatKeyPath, type RawTarget } from './schema.js'
import { assertUpstreamRules, resolveTarget, targetSpec, type TargetSpec } from './spec.js'
import { unknownKeyWarnings } from './unknown-keys.js'

interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string
  /** Its directory: base of relative paths and the shared directory. */
  dir: string
  targets: Target[]
  warnings: Diagnostic[]
}

interface ParseConfigOptions {
  /** How the file is named in messages (default: the path as given). */
  displayPath?: string
  /** Default arch for targets without one (default: this host's; null: none). */
  hostArch?: Arch | null
}

const MAX_LISTED_ISSUES = 20

/** Read and parse a vmtest.toml file. */
export function loadConfig(file: string, options: ParseConfigOptions = {}): LoadedConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new ConfigError(
      `Failed to read config file ${options.displayPath ?? file}: ${readFailure(e, path.resolve(file))}`,
      {
        file: path.resolve(file),
        cause: e,
      },
    )
  }
  return parseConfig(text, file, options)
}

/** Why a config file could not be read, in words rather than an errno dump. */
function readFailure(e: unknown, absFile: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return `no such file (looked for ${absFile})`
  if (code === 'EISDIR') return `${absFile} is a directory`
  if (code === 'EACCES') return `permission denied (${absFile})`
  return e instanceof Error ? e.message : String(e)
}

/** Parse vmtest.toml text; `file` names it in messages and anchors relative paths. */
export function parseConfig(text: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  const absFile = path.resolve(file)
  const dir = path.dirname(absFile)
  const display = options.displayPath ?? file
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text

  const data = parseTomlText(source, absFile, display)
  const locator = locateKeys(source)
  const warnings = unknownKeyWarnings(data, locator, absFile)

  const parsed = ConfigSchema.safeParse(data)
  if (!parsed.success) throw typeError(parsed.error.issues, data, locator, absFile, display, warnings)

  const specs = parsed.data.target.map(toSpec)
  const origins = specs.map((_, index) => {
    const line = locator.lineOf(['target', index])
    return line === undefined ? { file: absFile, index } : { file: absFile, line, index }
  })
  specs.forEach((spec, i) => {
    try {
      assertUpstreamRules(spec, origins[i], display)
    } catch (e) {
      if (e instanceof ConfigError && warnings.length > 0) {
        throw new ConfigError(withNotes(e.message, warnings, display, absFile), {
          file: e.file,
          line: e.line,
          reason: e.reason,
          warnings,
        })
      }
      throw e
    }
  })
  const host = options.hostArch !== undefined ? options.hostArch : (hostArch() ?? null)
  const targets = specs.map((spec, i) => resolveTarget(spec, dir, origins[i], host))
  return { file: absFile, dir, targets, warnings }
}

function parseTomlText(source: string, absFile: string, display: string): unknown {
  try {
    // `throw` on __proto__ / constructor keys: never let a config reach into prototypes.
    return parseToml(source, { integersAsBigInt: true, unsafeKeyBehaviour: 'throw' })
  } catch (e) {
    if (e instanceof TomlError) {
      const [first, ...rest] = e.message.split('\n')
      const reason = first.replace(/^Invalid TOML document:\s*/, '')
      const codeblock = rest.join('\n').trimEnd()
      const loc = formatLocation(display, e.line, e.column)
      return throwConfig(`Failed to parse config: ${loc}${reason}${codeblock ? `\n${codeblock}` : ''}`, {
        file: absFile,
        line: e.line,
        column: e.column,
        reason: `Failed to parse config: ${reason}`,
        cause: e,
      })
    }
    // Anything else smol-toml throws (e.g. a RangeError on absurd nesting) is still a bad
    // config, not a crash.
    const why = e instanceof Error ? e.message : String(e)
    return throwConfig(`Failed to parse config: ${display}: ${why}`, { file: absFile, cause: e })
  }
}

function throwConfig(message: string, options: ConstructorParameters<typeof ConfigError>[1]): never {
  throw new ConfigError(message, options)
}

function valueAt(data: unknown, p: readonly PropertyKey[]): unknown {
  let v: unknown = data
  for (const seg of p) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[seg]
  }
  return v
}

function typeError(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  locator: KeyLocator,
  absFile: string,
  display: string,
  warnings: Diagnostic[],
): ConfigError {
  const lines: { line?: number; text: string }[] = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const p = issue.path
    const value = valueAt(data, p)
    let subject: string
    let field: readonly PropertyKey[]
    if (p[0] === 'target' && typeof p[1] === 'number') {
      const name = valueAt(data, ['target', p[1], 'name'])
      subject = typeof name === 'string' && name !== '' ? `target '${name}': ` : `target #${p[1]}: `
      field = p.slice(2)
    } else {
      subject = ''
      field = p
    }
    const key = field.length > 0 ? `${formatKeyPath(field)}: ` : ''
    let what: string
    if (value === undefined) {
      what =
        p.length === 1 && p[0] === 'target'
          ? 'missing: at least one [[target]] table is required'
          : 'missing required key'
    } else {
      what = `${issue.message}, got ${describeValue(value)}`
    }
    const locPath = p.filter((s): s is string | number => typeof s !== 'symbol')
    return { line: locator.nearestLine(locPath), text: `${subject}${key}${what}` }
  })
  if (issues.length > MAX_LISTED_ISSUES) lines.push({ text: `... and ${issues.length - MAX_LISTED_ISSUES} more` })
  const first = lines[0]
  const located = lines.map((l) => `${formatLocation(display, l.line)}${l.text}`)
  const message =
    located.length === 1
      ? `Failed to parse config: ${located[0]}`
      : `Failed to parse config:\n  ${located.join('\n  ')}`
  return new ConfigError(withNotes(message, warnings, display, absFile), {
    warnings,
    file: absFile,
    line: first?.line,
    reason: lines.length === 1 ? `Failed to parse config: ${first.text}` : message,
  })
}

/** A typo'd key often *causes* the error (`comand` → command missing): show the warnings too. */
function withNotes(message: string, warnings: Diagnostic[], display: string, absFile: string): string {
  if (warnings.length === 0) return message
  const notes = warnings.map(
    (w) => `  note: ${formatLocation(w.file === absFile ? display : w.file, w.line)}${w.message}`,
  )
  return `${message}\n${notes.join('\n')}`
}

/** The schema's keys are the field names; only `vm.num_cpus` (a BigInt) and `vm.mounts` (a
 *  table keyed by guest path) change form. */
function toSpec(t: RawTarget): TargetSpec {
  const mounts = Object.entries(t.vm.mounts).map(([guestPath, m]) => ({
    guestPath,
    hostPath: m.host_path,
    writable: m.writable,
  }))
  return targetSpec(t.name, t.command, { ...t, ...t.vm, num_cpus: Number(t.vm.num_cpus), mounts })
}
