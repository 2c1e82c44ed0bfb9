// vmtest's `-` command: no command at all, but a login shell on the guest's console, attached
// to the user's terminal. Kernel targets only (upstream: an image's console is the image's
// own business), and only where there is a terminal: the CLI.

const INTERACTIVE_COMMAND = '-'

/** Whether the target asks for the interactive shell. */
export function isInteractive(target: { command: string; kind: 'kernel' | 'image' }): boolean {
  return target.command === INTERACTIVE_COMMAND && target.kind === 'kernel'
}

/** Why `-` cannot be honoured for this target, or undefined when it can (or is not asked). */
export function interactiveProblem(
  target: { name: string; command: string; kind: 'kernel' | 'image' },
  haveTerminal: boolean,
): string | undefined {
  if (target.command !== INTERACTIVE_COMMAND) return undefined
  if (target.kind === 'image')
    return `target "${target.name}": the interactive shell (\`-\` as the command) is for kernel targets; an image's console belongs to the image`
  if (!haveTerminal)
    return `target "${target.name}": the interactive shell (\`-\` as the command) needs a terminal: run it with the vmtest CLI`
  return undefined
}
