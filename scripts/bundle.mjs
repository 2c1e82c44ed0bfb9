// Bundle each entry with ncc into its own folder (ncc empties its output folder, so entries
// must not share one). tsc first compiles src/ to .build/ (ESM JavaScript; type errors are
// `npm run typecheck`'s job), then ncc bundles the JavaScript: far faster than letting ncc
// compile TypeScript three times. templates/ is copied beside .build/src so the same
// `../../templates/x` URLs resolve there and ncc copies each template next to its bundle.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'

const entries = { main: 'src/action/main-entry.js', post: 'src/action/post-entry.js', cli: 'src/cli/entry.js' }

rmSync('.build', { recursive: true, force: true })
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
cpSync('templates', '.build/templates', { recursive: true })

const run = (name, file) =>
  new Promise((resolve, reject) => {
    const p = spawn(
      'npx',
      ['ncc', 'build', `.build/${file}`, '-o', `dist/${name}`, '--license', 'licenses.txt', '-q', '--target', 'es2022'],
      { stdio: 'inherit' },
    )
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ncc ${name} exited ${code}`))))
  })
try {
  await Promise.all(Object.entries(entries).map(([name, file]) => run(name, file)))
} finally {
  rmSync('.build', { recursive: true, force: true })
}
