// Two traps of the action's inputs: a `filter` that selects nothing (the step must fail, not
// pass green with no target: a renamed target in a fanned-out matrix would silently stop being
// tested), and an http(s) URL in `kernel` / `image` (danobi/vmtest-action documents them as
// "Path or URL": it must be downloaded as `kernel_url` / `image_url`, not become a path).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadInputs, planFromInputs } from '../../src/action/inputs.js'
import { run } from '../../src/action/main.js'
import { ConfigError } from '../../src/config/errors.js'

const ws = mkdtempSync(path.join(tmpdir(), 'vmtest-filter-url-'))
afterAll(() => rmSync(ws, { recursive: true, force: true }))
writeFileSync(
  path.join(ws, 'vmtest.toml'),
  ['6.1 tiny', '6.6 stock', 'uefi image']
    .map((n) => `[[target]]\nname = "${n}"\nkernel = "k"\ncommand = "true"\n`)
    .join('\n'),
)

function inputs(given: Record<string, string>, notices: string[] = []) {
  return loadInputs(
    (name) => given[name] ?? '',
    (m) => notices.push(m),
  )
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('filter', () => {
  it('that matches no target is an error naming the filter and listing the targets', () => {
    const e = configError(() => planFromInputs(inputs({ config: 'vmtest.toml', filter: '^6\\.1 stock$' }), ws))
    expect(e.message).toBe(
      "input 'filter' '^6\\.1 stock$' matches none of the 3 target(s) in vmtest.toml: '6.1 tiny', '6.6 stock', 'uefi image'",
    )
    expect(e.file).toBe(path.join(ws, 'vmtest.toml'))
  })

  it('that matches selects as before', () => {
    expect(planFromInputs(inputs({ config: 'vmtest.toml', filter: 'stock' }), ws).targets.map((t) => t.name)).toEqual([
      '6.6 stock',
    ])
  })

  it('that is not a regex names the filter input', () => {
    const e = configError(() => planFromInputs(inputs({ config: 'vmtest.toml', filter: '6.(1' }), ws))
    expect(e.message).toMatch(/^Failed to compile regex '6\.\(1' \(input 'filter'\): /)
  })

  describe('through the action', () => {
    let out = ''
    beforeEach(() => {
      out = ''
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk)
        return true
      })
      vi.stubEnv('GITHUB_WORKSPACE', ws)
      vi.stubEnv('INPUT_CONFIG', 'vmtest.toml')
      vi.stubEnv('INPUT_FILTER', 'renamed')
    })
    afterEach(() => {
      vi.restoreAllMocks()
      vi.unstubAllEnvs()
      process.exitCode = undefined
    })

    it('fails the step with an error annotation on the config, before anything runs', async () => {
      await run()
      expect(process.exitCode).toBe(1)
      const errors = out.split('\n').filter((l) => l.startsWith('::error'))
      expect(errors).toHaveLength(2) // the annotation, and setFailed's message
      expect(errors[0]).toMatch(
        /^::error [^:]*\bfile=vmtest\.toml[^:]*::input 'filter' 'renamed' matches none of the 3 target\(s\) in vmtest\.toml: '6\.1 tiny', '6\.6 stock', 'uefi image'$/,
      )
      expect(out).not.toContain('::group::')
    })
  })
})

describe('a URL in kernel / image', () => {
  it.each([
    ['kernel', 'kernel_url', 'https://example.com/bzImage-6.1'],
    ['image', 'image_url', 'http://example.com/disk.qcow2'],
    ['kernel', 'kernel_url', 'HTTPS://EXAMPLE.COM/bzImage'],
  ])('%s: %s is taken as the %s input, with a notice', (pathInput, urlInput, url) => {
    const notices: string[] = []
    const got = inputs({ [pathInput]: url, command: 'true' }, notices)
    expect(got).toMatchObject({ [urlInput]: url })
    expect(got).not.toHaveProperty(pathInput)
    expect(notices).toEqual([
      `input '${pathInput}' is a URL: it is downloaded as '${urlInput}' would be (add '${pathInput}_sha256' to check what arrives)`,
    ])
    const [target] = planFromInputs(got, ws).targets
    expect(target.source).toEqual(pathInput === 'kernel' ? { kernelUrl: url } : { imageUrl: url })
    // Not a workspace path: setup fills the downloaded file's path in later.
    expect(target[pathInput as 'kernel' | 'image'] ?? '').not.toContain('example.com')
  })

  it('keeps the digest input working with it, and then says nothing of adding one', () => {
    const notices: string[] = []
    const got = inputs(
      { kernel: 'https://example.com/bzImage', kernel_sha256: 'a'.repeat(64), command: 'true' },
      notices,
    )
    expect(planFromInputs(got, ws).targets[0].source).toEqual({
      kernelUrl: 'https://example.com/bzImage',
      kernelSha256: 'a'.repeat(64),
    })
    expect(notices).toEqual(["input 'kernel' is a URL: it is downloaded as 'kernel_url' would be"])
  })

  it('next to the URL input is the same error as both inputs', () => {
    expect(
      configError(() => inputs({ kernel: 'https://a.example/k', kernel_url: 'https://b.example/k', command: 'x' }))
        .message,
    ).toBe("Cannot specify both kernel and kernel_url (input 'kernel' is a URL too)")
  })

  it('a path stays a path, whatever it looks like', () => {
    const notices: string[] = []
    for (const kernel of ['https-kernels/bzImage', 'ftp://example.com/k', 'dir/http://x']) {
      expect(inputs({ kernel, command: 'x' }, notices)).toMatchObject({ kernel })
    }
    expect(notices).toEqual([])
  })

  it('a URL that does not parse names the input', () => {
    expect(configError(() => inputs({ image: 'https://exa mple.com/i', command: 'x' })).message).toBe(
      "invalid value 'https://exa mple.com/i' for input 'image': expected an http:// or https:// URL",
    )
  })
})
