// Which host files a disk image makes QEMU open, judged before boot. A qcow2 image may name
// any file as its backing file or data file and a VMDK descriptor may name any files as its
// extents: unchecked, an untrusted image could show the guest (or, with write_image, let it
// write) any host file the runner can open. This module judges `qemu-img info --output=json`
// answers, layer by layer, against the folders an image may use; running qemu-img is the
// machinery's job (src/vm/image-check.ts). Pure: the file system is reached only through the
// injected `realpath`.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'

/** Longest backing chain accepted, top image included. */
export const MAX_CHAIN_DEPTH = 16
/** Largest qemu-img answer accepted for one image (a VMDK may list many extents). */
export const MAX_INFO_BYTES = 1024 * 1024
/** Most extents / children looked at in one layer; more is refused, not skipped. */
const MAX_REFERENCES = 4096

/** Formats whose references to other files we know (backing, data file, extents). A layer of
 *  any other format (a backing file probed as dmg, parallels, …) is refused. */
const CHECKED_FORMATS = new Set(['raw', 'qcow2', 'qcow', 'qed', 'vmdk', 'vhdx', 'vpc', 'vdi'])

const RULE = 'an image may only use files inside the workspace or its own folder'

/** The part of one `qemu-img info --output=json` object this check reads. */
export interface ImageLayerInfo {
  filename: string
  format: string
  'backing-filename'?: string
  'full-backing-filename'?: string
  'backing-filename-format'?: string
  'format-specific'?: {
    type?: string
    data?: { 'data-file'?: string; extents?: { filename?: string }[]; [other: string]: unknown }
  }
  /** QEMU 8+: the nodes below this one (its file, its data file). */
  children?: { name?: string; info?: unknown }[]
}

export type ReferenceRole = 'backing file' | 'data file' | 'VMDK extent' | 'child node'

export interface ChainViolation {
  /** The offending file as the image names it (or the layer, for a format/depth problem). */
  file: string
  /** What named it. */
  namedBy: string
  role: ReferenceRole | 'layer'
  /** Why it is refused, in words. */
  rule: string
}

export interface ChainContext {
  /** Real paths of the folders the chain's files may lie in (and below). */
  allowedDirs: readonly string[]
  /** The folder QEMU runs in: QEMU 7 opens a relative data-file name against it. */
  cwd: string
  /** Real path of an existing file, undefined when it does not exist. */
  realpath: (path: string) => string | undefined
}

export interface VerifiedLayer {
  filename: string
  format: string
  /** Real paths of the other files this layer opens (backing, data file, extents). */
  opens: string[]
}

/** The next image to inspect: the last layer's backing file, with the format QEMU will use
 *  for it (undefined: QEMU probes it, and so must the inspection). */
export interface NextLayer {
  path: string
  format?: string
}

export type ChainVerdict =
  { ok: true; layers: VerifiedLayer[]; next?: NextLayer } | { ok: false; violations: ChainViolation[] }

/** One qemu-img answer, bounded and shape-checked. Throws an Error saying what is wrong. */
export function parseImageInfo(text: string): ImageLayerInfo {
  if (Buffer.byteLength(text) > MAX_INFO_BYTES)
    throw new Error(`qemu-img's answer is larger than ${MAX_INFO_BYTES} bytes`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error("qemu-img's answer is not JSON")
  }
  const ok = (v: unknown): v is ImageLayerInfo =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ImageLayerInfo).filename === 'string' &&
    typeof (v as ImageLayerInfo).format === 'string'
  if (!ok(value)) throw new Error("qemu-img's answer has no filename and format")
  return value
}

/** QEMU's own test (path_has_protocol): a colon before any slash makes a protocol name such
 *  as `nbd:`, `http:` or `json:{…}`, not a file. */
export function isProtocolName(name: string): boolean {
  const stop = name.search(/[:/]/)
  return stop >= 0 && name[stop] === ':'
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel))
}

/**
 * Judge a chain of qemu-img answers, top image first (the `--backing-chain` array, or the
 * layers inspected so far). With `open`, the last layer's backing file is not inspected yet:
 * it is checked and returned as `next` instead of being required to follow.
 */
export function checkImageChain(
  layers: readonly ImageLayerInfo[],
  ctx: ChainContext,
  opts: { open?: boolean } = {},
): ChainVerdict {
  const violations: ChainViolation[] = []
  const verified: VerifiedLayer[] = []
  const top = layers[0]?.filename ?? '<image>'
  if (layers.length > MAX_CHAIN_DEPTH) {
    violations.push({
      file: top,
      namedBy: top,
      role: 'layer',
      rule: `its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
    })
    return { ok: false, violations }
  }
  const seen = new Set<string>()
  let next: NextLayer | undefined
  for (const [i, layer] of layers.entries()) {
    const real = ctx.realpath(layer.filename)
    if (real !== undefined && seen.has(real)) {
      violations.push({
        file: layer.filename,
        namedBy: layers[i - 1].filename,
        role: 'backing file',
        rule: 'the backing chain loops back to an image already in it',
      })
      break
    }
    if (real !== undefined) seen.add(real)
    if (i > 0 && next !== undefined && layer.filename !== next.path) {
      violations.push({
        file: layer.filename,
        namedBy: layers[i - 1].filename,
        role: 'backing file',
        rule: `qemu-img inspected ${layer.filename} where ${next.path} was named`,
      })
      break
    }
    if (i > 0 && next?.format !== undefined && layer.format !== next.format) {
      violations.push({
        file: layer.filename,
        namedBy: layers[i - 1].filename,
        role: 'backing file',
        rule: `it was named as ${next.format} but qemu-img read it as ${layer.format}`,
      })
      break
    }
    const judged = checkLayer(layer, ctx)
    violations.push(...judged.violations)
    verified.push({ filename: layer.filename, format: layer.format, opens: judged.opens })
    next = judged.next
  }
  if (violations.length) return { ok: false, violations }
  if (next !== undefined && !opts.open) {
    const last = layers[layers.length - 1].filename
    if (layers.length >= MAX_CHAIN_DEPTH)
      violations.push({
        file: top,
        namedBy: top,
        role: 'layer',
        rule: `its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
      })
    else violations.push({ file: next.path, namedBy: last, role: 'backing file', rule: 'qemu-img did not inspect it' })
    return { ok: false, violations }
  }
  return { ok: true, layers: verified, next }
}

/** The files one layer opens besides itself, each checked; and its backing file, if any. */
function checkLayer(
  layer: ImageLayerInfo,
  ctx: ChainContext,
): { violations: ChainViolation[]; opens: string[]; next?: NextLayer } {
  const violations: ChainViolation[] = []
  const opens: string[] = []
  const refuse = (file: string, role: ChainViolation['role'], rule: string): void => {
    violations.push({ file, namedBy: layer.filename, role, rule })
  }
  // A file name resolved one or more ways (QEMU's resolution differs between versions for a
  // relative data file): every way must land inside an allowed folder.
  const judge = (name: string, role: ReferenceRole, candidates: string[]): void => {
    if (isProtocolName(name)) return refuse(name, role, `it is a protocol or json: name, not a plain file (${RULE})`)
    for (const candidate of new Set(candidates)) {
      const real = ctx.realpath(candidate)
      if (real === undefined) return refuse(name, role, `${candidate} does not exist`)
      if (!ctx.allowedDirs.some((d) => isInside(d, real))) {
        return refuse(
          name,
          role,
          `it resolves to ${real}, outside ${ctx.allowedDirs.join(', ') || 'every allowed folder'} (${RULE})`,
        )
      }
      if (!opens.includes(real)) opens.push(real)
    }
  }
  if (!CHECKED_FORMATS.has(layer.format)) {
    refuse(layer.filename, 'layer', `its format '${layer.format}' is not one whose file references vmtest checks`)
    return { violations, opens }
  }
  const here = dirname(layer.filename)
  let next: NextLayer | undefined
  const backing = layer['backing-filename']
  if (backing !== undefined) {
    const full = layer['full-backing-filename']
    const own = isAbsolute(backing) ? backing : join(here, backing)
    judge(backing, 'backing file', full !== undefined && !isProtocolName(full) ? [own, full] : [own])
    const format = layer['backing-filename-format']
    // Judged before anything opens the backing file in that format (vvfat would show a folder).
    if (format !== undefined && !CHECKED_FORMATS.has(format))
      refuse(backing, 'backing file', `its format '${format}' is not one whose file references vmtest checks`)
    next = { path: full !== undefined && !isProtocolName(full) ? full : own, format }
  }
  const specific = layer['format-specific']
  if (layer.format === 'qcow2' || layer.format === 'vmdk') {
    if (specific?.type !== layer.format || typeof specific.data !== 'object') {
      refuse(layer.filename, 'layer', `qemu-img did not report its ${layer.format} details`)
      return { violations, opens }
    }
  }
  const dataFile = layer.format === 'qcow2' ? specific?.data?.['data-file'] : undefined
  if (dataFile !== undefined)
    judge(dataFile, 'data file', isAbsolute(dataFile) ? [dataFile] : [resolve(ctx.cwd, dataFile), join(here, dataFile)])
  if (layer.format === 'vmdk') {
    const extents = specific?.data?.extents
    if (!Array.isArray(extents) || extents.length > MAX_REFERENCES)
      refuse(layer.filename, 'layer', 'qemu-img reported no (or too many) VMDK extents')
    else {
      for (const e of extents) {
        const name = typeof e?.filename === 'string' ? e.filename : undefined
        if (name === undefined) refuse(layer.filename, 'layer', 'qemu-img reported a VMDK extent without a file name')
        else if (name !== layer.filename) judge(name, 'VMDK extent', [isAbsolute(name) ? name : join(here, name)])
      }
    }
  }
  for (const name of childFilenames(layer.children)) {
    if (name !== layer.filename) judge(name, 'child node', [isAbsolute(name) ? name : join(here, name)])
  }
  return { violations, opens, next }
}

/** File names of the child nodes QEMU 8+ reports (recursively, bounded). */
function childFilenames(children: ImageLayerInfo['children'], out: string[] = []): string[] {
  if (!Array.isArray(children)) return out
  for (const c of children) {
    if (out.length >= MAX_REFERENCES) break
    const info = c?.info as ImageLayerInfo | undefined
    if (typeof info?.filename === 'string') out.push(info.filename)
    childFilenames(info?.children, out)
  }
  return out
}

/** One message naming every offending file and the rule it broke. */
export function describeViolations(image: string, violations: readonly ChainViolation[]): string {
  const line = (v: ChainViolation): string =>
    v.role === 'layer' ? `${v.file}: ${v.rule}` : `${v.role} '${v.file}' named by ${v.namedBy}: ${v.rule}`
  const head = `image ${image} refused before boot`
  return violations.length === 1
    ? `${head}: ${line(violations[0])}`
    : `${head}:\n  ${violations.map(line).join('\n  ')}`
}
