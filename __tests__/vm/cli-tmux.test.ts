// The CLI's live view in a real terminal: tmux, a short pane, three targets booting the tiny
// kernel under TCG, one failing. tmux keeps what scrolls off in its history (and, with its
// default scroll-on-clear, what a redraw clears from the top of the screen); the live view
// once left dozens of stale copies of itself there and scrolled the failure out of a short
// pane. Checked: every target heading printed once for good, and the failure and the
// closing tally on the final screen.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { fixture, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

const own = usePrivateTmp()

const repo = resolve(import.meta.dirname, '../..')
/** Generous: other VMs may share the 2 cores; three TCG boots of the tiny kernel. */
const DEADLINE_MS = 600_000
const COLS = 80
const ROWS = 12

const quote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`

/** tmux on a private socket (in `dir`, removed with it), never a user's server. */
function tmuxIn(dir: string, socket: string): (...args: string[]) => string {
  const env: NodeJS.ProcessEnv = { ...process.env, TMUX_TMPDIR: dir }
  delete env.TMUX
  return (...args) => execFileSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' })
}

describe('the live view in tmux', () => {
  it(
    'a short pane: no stale copies in the scrollback; the failure and the tally end on screen',
    { timeout: DEADLINE_MS + 60_000 },
    async () => {
      const kernel = fixture('kernel')[0] as string
      const t = tempDir()
      const tmux = tmuxIn(t.dir, `vmtest-${process.pid}-${Date.now()}`)
      try {
        const names = ['first-ok', 'second-bad', 'third-ok']
        const commands = ['echo first-out', 'echo second-out; exit 3', 'echo third-out']
        const toml = names
          .map(
            (n, i) =>
              `[[target]]\nname = "${n}"\nkernel = ${JSON.stringify(kernel)}\ncommand = ${JSON.stringify(commands[i])}\n`,
          )
          .join('\n')
        writeFileSync(join(t.dir, 'vmtest.toml'), toml)
        // tsx by path: the CLI runs in the config's folder, where the package cannot be resolved by name.
        const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href
        const cli = [process.execPath, '--import', tsx, join(repo, 'src/cli/entry.ts'), '--accel', 'tcg']
          .map(quote)
          .join(' ')
        // The pane outlives the CLI (sleep) so that its screen can be read after the end.
        const script = `cd ${quote(t.dir)} && env -u VMTEST_NO_UI -u NO_COLOR TMPDIR=${quote(own().dir)} ${cli}; echo "vmtest-exit=$?"; exec sleep 3600`
        tmux('new-session', '-d', '-x', String(COLS), '-y', String(ROWS), 'sh', '-c', script)
        let screen = ''
        const until = Date.now() + DEADLINE_MS
        while (!/vmtest-exit=\d+/.test(screen) && Date.now() < until) {
          await sleep(1000)
          screen = tmux('capture-pane', '-p')
        }
        const history = tmux('capture-pane', '-p', '-S', '-').split('\n')
        expect(screen, history.join('\n')).toMatch(/vmtest-exit=1$/m)
        // Each heading once for good (a copy per redraw before).
        for (const n of names)
          expect(history.filter((l) => l.startsWith(`=> ${n}`)).length, history.join('\n')).toBeLessThanOrEqual(2)
        expect(history.filter((l) => l === '===> Booting').length, history.join('\n')).toBeLessThanOrEqual(6)
        // The final screen says how it went, failure included.
        const lines = screen.split('\n')
        expect(lines).toContainEqual(
          expect.stringMatching(/^PASS {4}first-ok {4}boot \d+\.\ds, command \d+\.\ds, TCG \(requested\)$/),
        )
        expect(lines).toContainEqual(
          expect.stringMatching(/^FAILED {2}second-bad {2}boot \d+\.\ds, command \d+\.\ds, TCG \(requested\)$/),
        )
        expect(lines).toContain('        Command failed with exit code: 3')
        expect(lines).toContainEqual(expect.stringMatching(/^2 passed, 1 failed in (\d+\.\ds|\d+m\d\ds)$/))
        // Nothing drawn past the pane's width: every row of the history is a whole line.
        expect(history.every((l) => l.length <= COLS)).toBe(true)
      } finally {
        try {
          tmux('kill-server')
        } catch {
          // already gone
        }
        t.remove()
      }
    },
  )
})
