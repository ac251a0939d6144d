/**
 * The pages a commit or a pull request changes, from git: `--staged` (the index against
 * HEAD, what a pre-commit hook checks) and `--since <ref>` (the working tree against
 * the merge base with `ref`, what a pull request's CI checks); and the pages as they
 * were before the change (`baseOf`, `pagesAt`), to tell the findings the change brings
 * from those that were there before it.
 */
import {execFileSync} from 'node:child_process'
import path from 'node:path'

export interface ChangedPages {
  /** Markdown files added, copied or modified (absolute paths). */
  present: string[]
  /** Markdown files deleted or renamed away: their dependents now hold broken links. */
  deleted: string[]
}

export class GitError extends Error {}

function git(args: readonly string[], cwd: string, input?: string): string {
  return gitBuffer(args, cwd, input).toString('utf8')
}

function gitBuffer(args: readonly string[], cwd: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, {cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024})
  } catch (error) {
    const stderr = String((error as {stderr?: Buffer | string}).stderr ?? '').trim()
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`)
  }
}

const markdown = /\.(md|markdown)$/i

/** Changed Markdown files: `staged`, or against the merge base with `since`. */
export function changedPages(options: {staged?: boolean; since?: string}, cwd: string): ChangedPages {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim()
  // Renames are listed as a deletion and an addition (`--no-renames`); `-z` keeps
  // names with spaces, quotes and non-ASCII letters as they are.
  const args = ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff']
  if (options.staged) args.push('--cached')
  else if (options.since) args.push('--merge-base', options.since)
  const fields = git(args, cwd).split('\0')
  const out: ChangedPages = {present: [], deleted: []}
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!
    const name = fields[i + 1]!
    if (!markdown.test(name)) continue
    const absolute = path.join(top, name)
    if (status.startsWith('D')) out.deleted.push(absolute)
    else out.present.push(absolute)
  }
  out.present.sort()
  out.deleted.sort()
  return out
}

/**
 * The commit the change is made on: HEAD for a commit being made (`--staged`, and the
 * files a hook framework passes), the merge base with `since` for a pull request; the
 * empty tree before the first commit. Null outside a git repository.
 */
export function baseOf(options: {since?: string}, cwd: string): string | null {
  try {
    git(['rev-parse', '--show-toplevel'], cwd)
  } catch {
    return null
  }
  if (options.since !== undefined) return git(['merge-base', options.since, 'HEAD'], cwd).trim()
  try {
    return git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], cwd).trim()
  } catch {
    return git(['hash-object', '-t', 'tree', '--stdin'], cwd, '').trim()
  }
}

/**
 * The Markdown pages that differ between `base` and the working tree (absolute path →
 * the text at `base`, null when the page did not exist there): changed, deleted or
 * added, staged or not, and new files git does not ignore.
 */
export function pagesAt(base: string, cwd: string): Map<string, string | null> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim()
  // `--raw` gives each changed file's blob at `base` (all zeros when it was added).
  const fields = git(['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', base], cwd).split('\0')
  const blobs = new Map<string, string>()
  const pages = new Map<string, string | null>()
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i + 1]!
    if (!markdown.test(name)) continue
    const oldBlob = fields[i]!.split(' ')[2]!
    if (/^0+$/.test(oldBlob)) pages.set(path.join(top, name), null)
    else blobs.set(path.join(top, name), oldBlob)
  }
  for (const name of git(['ls-files', '-z', '--others', '--exclude-standard'], top).split('\0')) {
    if (markdown.test(name)) pages.set(path.join(top, name), null)
  }
  const texts = blobTexts([...new Set(blobs.values())], cwd)
  for (const [file, blob] of blobs) pages.set(file, texts.get(blob) ?? null)
  return pages
}

/** The contents of git blobs, read in one `git cat-file --batch`. */
function blobTexts(blobs: readonly string[], cwd: string): Map<string, string> {
  const texts = new Map<string, string>()
  if (blobs.length === 0) return texts
  const out = gitBuffer(['cat-file', '--batch'], cwd, blobs.join('\n') + '\n')
  let at = 0
  while (at < out.length) {
    // `<oid> blob <size>\n<content>\n` per blob.
    const headerEnd = out.indexOf(10, at)
    const [oid, type, size] = out.subarray(at, headerEnd).toString('ascii').split(' ')
    if (type !== 'blob') throw new GitError(`git cat-file --batch: unexpected answer for ${oid}`)
    const start = headerEnd + 1
    texts.set(oid!, out.subarray(start, start + Number(size)).toString('utf8'))
    at = start + Number(size) + 1
  }
  return texts
}
