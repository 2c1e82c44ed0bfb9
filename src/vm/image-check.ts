// Before an image target boots: ask qemu-img which files its image opens, one layer at a
// time, and refuse the target when any lies outside the workspace or the image's folder
// (the rules are in src/qemu/image-chain.ts). Layer by layer rather than `--backing-chain`
// so that qemu-img never opens a backing file (an `nbd:` server, a host file) before it was
// judged. qemu-img runs without a shell, with `-U` (no locks: the image may be in use), a
// timeout and a bounded answer.
import { execFile, type ExecFileException } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Target } from '../plan/types.js'
import {
  checkImageChain,
  describeViolations,
  MAX_CHAIN_DEPTH,
  MAX_INFO_BYTES,
  parseImageInfo,
  type ImageLayerInfo,
  type VerifiedLayer,
} from '../qemu/image-chain.js'
import { detectImageFormat, type ImageFormat } from '../qemu/image-format.js'
import { findProgram } from '../util/which.js'

/** qemu-img to run: a path (or a name on PATH) and extra environment (the tool-cache bundle's). */
export interface QemuImgTool {
  path: string
  env?: Record<string, string>
}

export interface ImageCheckOptions {
  /** The image as QEMU gets it. */
  image: string
  /** The format QEMU is told (`format=` on the drive). */
  format: ImageFormat
  /** Folders the chain's files may lie in (resolved to real paths here). */
  allowedDirs: readonly string[]
  /** The folder QEMU runs in; default this process's. */
  cwd?: string
  qemuImg?: QemuImgTool
  /** Per qemu-img call; default 30 s. */
  timeoutMs?: number
}

export type ImageCheck = { ok: true; layers: VerifiedLayer[] } | { ok: false; message: string }

/** An image target refused before boot. */
export class ImageChainError extends Error {
  override name = 'ImageChainError'
}

const TIMEOUT_MS = 30_000

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p)
  } catch {
    return undefined
  }
}

/** Folders an image target's files may use. A downloaded image (`image_url`) only its own
 *  download folder: it has no business naming files of the checkout (.git/config holds a
 *  token). Otherwise the workspace (the config's folder, $GITHUB_WORKSPACE) and the image's
 *  folder, as named and after links. */
export function imageAllowedDirs(target: Target, env: NodeJS.ProcessEnv = process.env): string[] {
  const image = resolve(target.image ?? '')
  const own = [dirname(image), dirname(realpathOrUndefined(image) ?? image)]
  const dirs = target.source?.imageUrl ? own : [target.sharedDir, env.GITHUB_WORKSPACE, ...own]
  return dirs.filter((d): d is string => Boolean(d))
}

/** Inspect the image's whole chain; raw images open nothing else and are not inspected. */
export async function inspectImageChain(opts: ImageCheckOptions): Promise<ImageCheck> {
  if (opts.format === 'raw') return { ok: true, layers: [] }
  const ctx = {
    allowedDirs: [...new Set(opts.allowedDirs.map(realpathOrUndefined).filter((d): d is string => d !== undefined))],
    cwd: opts.cwd ?? process.cwd(),
    realpath: realpathOrUndefined,
  }
  const top = resolve(opts.image)
  const layers: ImageLayerInfo[] = []
  let next: { path: string; format?: string } | undefined = { path: top, format: opts.format }
  // One more round than the bound, so that a chain one too deep is seen and named.
  for (let round = 0; next !== undefined && round <= MAX_CHAIN_DEPTH; round++) {
    const answer = await qemuImgInfo(next.path, next.format, opts)
    if (!answer.ok) return { ok: false, message: `image ${top} refused before boot: ${answer.message}` }
    layers.push(answer.info)
    const verdict = checkImageChain(layers, ctx, { open: true })
    if (!verdict.ok) return { ok: false, message: describeViolations(top, verdict.violations) }
    if (verdict.next === undefined) return { ok: true, layers: verdict.layers }
    next = verdict.next
  }
  return {
    ok: false,
    message: `image ${top} refused before boot: its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
  }
}

type InfoAnswer = { ok: true; info: ImageLayerInfo } | { ok: false; message: string }

function qemuImgInfo(path: string, format: string | undefined, opts: ImageCheckOptions): Promise<InfoAnswer> {
  const tool = opts.qemuImg ?? { path: 'qemu-img' }
  const args = ['info', '--output=json', '-U', ...(format ? ['-f', format] : []), path]
  return new Promise((done) => {
    execFile(
      tool.path,
      args,
      {
        encoding: 'utf8',
        timeout: opts.timeoutMs ?? TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_INFO_BYTES,
        env: { ...process.env, ...tool.env },
        cwd: opts.cwd,
      },
      (err, stdout, stderr) => {
        if (err) return done({ ok: false, message: qemuImgFailure(err, stderr, path) })
        try {
          done({ ok: true, info: parseImageInfo(stdout) })
        } catch (e) {
          done({ ok: false, message: `${path}: ${(e as Error).message}` })
        }
      },
    )
  })
}

function qemuImgFailure(err: ExecFileException, stderr: string, path: string): string {
  if (err.code === 'ENOENT') return 'qemu-img was not found; it checks which files the image opens (install qemu-utils)'
  if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
    return `qemu-img's answer about ${path} is larger than ${MAX_INFO_BYTES} bytes`
  if (err.killed || err.signal) return `qemu-img did not answer about ${path} in time`
  const last = stderr.trim().split('\n').pop()?.slice(0, 500)
  return `qemu-img cannot inspect ${path}: ${last || err.message}`
}

/** What setup found that this check can use: the QEMU it resolved (a tool-cache bundle has
 *  qemu-img beside it) and the environment its programs need. */
export interface ImageCheckSetup {
  qemuPaths?: Partial<Record<Target['arch'], string>>
  env?: Record<string, string>
  qemuImg?: QemuImgTool
}

/** qemu-img from setup, else the one beside setup's QEMU, else `qemu-img` on PATH. */
export function qemuImgFor(target: Target, setup?: ImageCheckSetup): QemuImgTool {
  if (setup?.qemuImg) return setup.qemuImg
  const qemu = setup?.qemuPaths?.[target.arch]
  const beside = qemu ? findProgram(join(dirname(qemu), 'qemu-img')) : undefined
  return beside ? { path: beside, env: setup?.env } : { path: 'qemu-img' }
}

/** Throws ImageChainError when an image target's image opens a file it may not. */
export async function assertImageFilesAllowed(
  target: Target,
  opts: { setup?: ImageCheckSetup; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  if (target.kind !== 'image' || target.image === undefined) return
  const check = await inspectImageChain({
    image: target.image,
    format: detectImageFormat(target.image),
    allowedDirs: imageAllowedDirs(target, opts.env),
    qemuImg: qemuImgFor(target, opts.setup),
  })
  if (!check.ok) throw new ImageChainError(`target '${target.name}': ${check.message}`)
}
