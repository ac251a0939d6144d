/**
 * The pages a commit or a pull request changes, from git: `--staged` (the index against
 * HEAD, what a pre-commit hook checks) and `--since <ref>` (the working tree against
 * the merge base with `ref`, what a pull request's CI checks).
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

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024})
  } catch (error) {
    const stderr = (error as {stderr?: string}).stderr?.trim()
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
