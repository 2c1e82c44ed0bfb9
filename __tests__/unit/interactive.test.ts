import { describe, expect, it } from 'vitest'
import { interactiveProblem, isInteractive } from '../../src/plan/interactive.js'

describe('the interactive shell (`-`)', () => {
  it.each([
    ['a kernel target with `-`', { name: 'k', command: '-', kind: 'kernel' as const }, true, true, undefined],
    [
      'a kernel target without a terminal (the action)',
      { name: 'k', command: '-', kind: 'kernel' as const },
      false,
      true,
      'target "k": the interactive shell (`-` as the command) needs a terminal: run it with the vmtest CLI',
    ],
    [
      'an image target',
      { name: 'i', command: '-', kind: 'image' as const },
      true,
      false,
      'target "i": the interactive shell (`-` as the command) is for kernel targets; an image\'s console belongs to the image',
    ],
    [
      'a command that merely starts with -',
      { name: 'k', command: '-x', kind: 'kernel' as const },
      false,
      false,
      undefined,
    ],
    ['a command', { name: 'k', command: 'true', kind: 'kernel' as const }, false, false, undefined],
  ])('%s', (_what, target, haveTerminal, interactive, problem) => {
    expect(isInteractive(target)).toBe(interactive)
    expect(interactiveProblem(target, haveTerminal)).toBe(problem)
  })
})
