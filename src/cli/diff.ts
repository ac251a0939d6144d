/**
 * `--fix-dry-run`'s output: the changes `--fix` would write, as one unified diff. Its
 * own module so that runs without it do not load the diff library.
 */
import path from 'node:path'
import {createTwoFilesPatch} from 'diff'
import type {FileChange} from './fix.js'

/** The changes as one unified diff (`a/` and `b/` paths relative to `cwd`, as git prints them). */
export function unifiedDiff(changes: readonly FileChange[], cwd: string): string {
  return changes
    .map((change) => {
      const name = path.relative(cwd, change.path).split(path.sep).join('/')
      return createTwoFilesPatch('a/' + name, 'b/' + name, change.before, change.after, undefined, undefined, {context: 3})
    })
    .join('')
}
