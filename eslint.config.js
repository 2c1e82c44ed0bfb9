import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The floor plan of src/: each folder imports only from the folders listed for it (and from
// itself). A wrong-way import fails lint. Floors, top to bottom:
//   front ends      action/ cli/
//   reporters       report/
//   orchestration   engine/ setup/
//   machinery       vm/ initramfs/
//   analysis        analysis/
//   pure builders   qemu/ config/ guest/
//   contract        plan/ platform/ util/
const CONTRACT = ['plan', 'platform', 'util']
const BUILDERS = ['qemu', 'config', 'guest']
const ALLOWED = {
  plan: CONTRACT,
  platform: CONTRACT,
  util: CONTRACT,
  qemu: CONTRACT,
  config: CONTRACT,
  guest: CONTRACT,
  analysis: [...CONTRACT, 'guest'],
  initramfs: [...CONTRACT, ...BUILDERS, 'analysis'],
  vm: [...CONTRACT, ...BUILDERS, 'analysis', 'initramfs'],
  engine: [...CONTRACT, ...BUILDERS, 'analysis', 'initramfs', 'vm'],
  setup: [...CONTRACT, ...BUILDERS, 'analysis'],
  report: [...CONTRACT, 'analysis'],
  action: [...CONTRACT, ...BUILDERS, 'analysis', 'initramfs', 'vm', 'engine', 'setup', 'report'],
  cli: [...CONTRACT, ...BUILDERS, 'analysis', 'initramfs', 'vm', 'engine', 'setup', 'report'],
}
const FOLDERS = Object.keys(ALLOWED)
const floorRules = Object.entries(ALLOWED).map(([folder, allowed]) => {
  const forbidden = FOLDERS.filter((f) => f !== folder && !allowed.includes(f))
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
              message: `src/${folder}/ may import only from ${allowed.map((f) => `${f}/`).join(', ')} (the floor plan in eslint.config.js)`,
            },
          ],
        },
      ],
    },
  }
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...floorRules,
  // No giant functions in the product: a function over 100 lines is split into named steps.
  { files: ['src/**/*.ts'], rules: { 'max-lines-per-function': ['error', { max: 100 }] } },
)
