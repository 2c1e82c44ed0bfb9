// Typed errors for everything that turns user input (vmtest.toml, flags, action inputs) into
// a Plan. A ConfigError's `message` is complete and printable as is (it already names the file
// and line); `reason` is the same text without the location, for annotations that carry the
// location separately.
import type { Diagnostic } from '../plan/types.js'

interface ConfigErrorOptions {
  file?: string
  line?: number
  column?: number
  /** The message without the `file:line:` location (defaults to the message). */
  reason?: string
  cause?: unknown
  /** Warnings found before the error (often its cause, e.g. a typo'd key): annotated too. */
  warnings?: Diagnostic[]
}

export class ConfigError extends Error {
  readonly file?: string
  readonly line?: number
  readonly column?: number
  readonly reason: string
  readonly warnings: Diagnostic[]

  constructor(message: string, options: ConfigErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ConfigError'
    this.file = options.file
    this.line = options.line
    this.column = options.column
    this.reason = options.reason ?? message
    this.warnings = options.warnings ?? []
  }

  toDiagnostic(): Diagnostic {
    return toDiagnostic(this)
  }
}

/** A ConfigError as a Diagnostic (for annotations: the location travels in the fields). */
export function toDiagnostic(error: ConfigError): Diagnostic {
  const d: Diagnostic = { message: error.reason }
  if (error.file !== undefined) d.file = error.file
  if (error.line !== undefined) d.line = error.line
  if (error.column !== undefined) d.column = error.column
  return d
}

/** `file:line:column: ` (only the parts that are known), or '' without a file. */
export function formatLocation(file: string | undefined, line?: number, column?: number): string {
  if (file === undefined) return ''
  let loc = file
  if (line !== undefined) {
    loc += `:${line}`
    if (column !== undefined) loc += `:${column}`
  }
  return `${loc}: `
}
