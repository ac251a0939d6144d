/**
 * The processor the language server lints with: remark-parse, and content-lint's
 * preset unless the configuration already attaches content-lint (the core plugin or
 * a rule). So an editor on a library without a `.remarkrc.*` gets every rule at its
 * default, as the CLI's default configuration gives, and a library whose
 * `.remarkrc.js` configures content-lint gets exactly that configuration.
 *
 *     import {processor} from 'content-lint/processor'
 */
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {type Processor, unified} from 'unified'
import type {VFile} from 'vfile'
import {refreshCorpusIndexes} from '../library/corpus-index.js'
import {remarkIncrementalParse} from '../syntax/incremental-parse.js'
import preset from './preset.js'
import type {ProcessorData} from '../lint/rule.js'
import {remarkTables} from '../syntax/syntax.js'

/** The preset, run only when nothing configured content-lint. */
export function contentLintDefaults(this: Processor) {
  const processor = this
  // An editor lints again after files were created or deleted: read folders afresh.
  refreshCorpusIndexes()
  let fallback: Processor<undefined, Root, Root> | null = null
  return async function (tree: Root, file: VFile) {
    // Read at run time: by then every plugin of the configuration has been attached.
    if ((processor.data() as ProcessorData).contentLintConfigured) return
    fallback ??= unified().use(preset) as never
    await fallback!.run(tree, file)
  }
}

// The table syntax is part of the parser: the preset added after parsing could not add it.
// An editor checks a page on every change: parse only what each change touched.
export const processor = unified().use(remarkParse).use(remarkTables).use(remarkIncrementalParse).use(contentLintDefaults)

export default processor
