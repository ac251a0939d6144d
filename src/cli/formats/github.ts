/**
 * `--format github`: GitHub Actions workflow commands, one per finding, which GitHub
 * shows as annotations on the pull request's changed lines:
 *
 *     ::warning file=UseCases/uc_x.md,line=8,col=151,endLine=8,endColumn=156,title=cell-html::Stray `</li>`…
 *
 * Written by hand: the format is two lines of documentation, and the toolkit's
 * `@actions/core` prints straight to the process's stdout instead of returning text.
 * Escaping follows GitHub's documentation (and `@actions/core`'s `escapeData` and
 * `escapeProperty`): `%`, CR and LF in the message; those and `:` and `,` in properties.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function command(message: VFileMessage): 'error' | 'warning' | 'notice' {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'notice'
}

export interface GithubOptions {
  /** Errors only (`--quiet`). */
  quiet?: boolean
}

/** Workflow commands for the findings of `files`, paths relative to `cwd` (run from the repository's top). */
export function formatGithub(files: readonly VFile[], cwd: string, options: GithubOptions = {}): string {
  const lines: string[] = []
  for (const file of files) {
    const name = path.relative(cwd, path.resolve(file.cwd, file.path)).split(path.sep).join('/')
    for (const message of file.messages) {
      if (options.quiet && message.fatal !== true) continue
      const place = message.place as {start?: {line: number; column: number}; end?: {line: number; column: number}; line?: number; column?: number} | undefined
      const start = place && 'start' in place ? place.start : (place as {line: number; column: number} | undefined)
      const end = place && 'end' in place ? place.end : undefined
      const properties: Array<[string, string]> = [['file', name]]
      if (start?.line) {
        properties.push(['line', String(start.line)], ['col', String(start.column)])
        if (end?.line) properties.push(['endLine', String(end.line)], ['endColumn', String(end.column)])
      }
      properties.push(['title', message.ruleId ?? message.source ?? 'content-lint'])
      let text = message.reason
      if (message.expected?.length) text += `\nexpected: ${message.expected.map((e) => JSON.stringify(e)).join(' or ')}`
      if (message.note) text += `\nnote: ${message.note}`
      lines.push(`::${command(message)} ${properties.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(text)}`)
    }
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}
