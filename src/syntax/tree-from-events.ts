/**
 * micromark events → mdast, for the token types content libraries are made of.
 *
 * Why by hand: turning events into a tree with mdast-util-from-markdown's `compile` is
 * 58% of parsing this corpus (10.6 of 18.4 s for every 4th page, measured with micromark
 * alone against the full parse): it builds a fresh handler context object for every
 * event, three million of them per quarter of the corpus, and most of the collector's
 * work is those. Upstream knows (syntax-tree/mdast-util-from-markdown#52, open). This
 * module follows the same rules — the same stack, fragments, merging of adjacent data
 * into one text node, line endings kept only where `canContainEols` allows, the GFM
 * table handlers of mdast-util-gfm-table — without the per-event objects.
 *
 * It covers an allowlist of token types, and returns `undefined` for a page with any
 * other (lists, block quotes, references and definitions, images, autolinks, character
 * references…): the caller then parses that page with the library. Every tree it does
 * build must equal the library's, positions included; test/tree-from-events.test.ts and
 * the corpus test compare the two on generated, hand-written and every corpus page.
 */
import type {Root} from 'mdast'
import type {Event, Point as MicromarkPoint, Token} from 'micromark-util-types'

/** Token types with a handler here. */
const HANDLED = new Set<string>([
  'atxHeading', 'atxHeadingSequence', 'setextHeading', 'setextHeadingText', 'setextHeadingLineSequence',
  'paragraph', 'thematicBreak', 'lineEnding', 'data',
  'codeFenced', 'codeFencedFence', 'codeFencedFenceInfo', 'codeFencedFenceMeta', 'codeFlowValue',
  'htmlFlow', 'htmlFlowData', 'htmlText', 'htmlTextData',
  'link', 'label', 'labelText', 'resource', 'resourceDestinationString', 'resourceTitleString',
  'emphasis', 'strong', 'codeText', 'codeTextData', 'characterEscape', 'characterEscapeValue',
  'hardBreakEscape', 'hardBreakTrailing',
  'table', 'tableRow', 'tableHeader', 'tableData'
])

/**
 * Token types neither this module nor the library acts on: their text reaches the tree
 * through the tokens inside them, or not at all (markers, padding, blank lines).
 */
const INERT = new Set<string>([
  'whitespace', 'lineEndingBlank', 'linePrefix', 'lineSuffix', 'content',
  'atxHeadingText', 'setextHeadingLine', 'thematicBreakSequence', 'codeFencedFenceSequence',
  'labelMarker', 'resourceMarker', 'resourceDestination', 'resourceDestinationRaw',
  'resourceDestinationLiteral', 'resourceDestinationLiteralMarker', 'resourceTitle', 'resourceTitleMarker',
  'emphasisSequence', 'emphasisText', 'strongSequence', 'strongText', 'codeTextSequence', 'codeTextPadding',
  'escapeMarker',
  'tableHead', 'tableBody', 'tableCellDivider', 'tableContent', 'tableDelimiterRow', 'tableDelimiter',
  'tableDelimiterFiller', 'tableDelimiterMarker'
])

/** Tokens whose text is added to the current text node, as the library's `onenterdata`/`onexitdata`. */
const TEXT_DATA = new Set<string>(['data', 'codeFlowValue', 'htmlFlowData', 'htmlTextData', 'codeTextData'])

/** Strings read into a fragment, and the field of the node they go to. */
const FIELD_OF_STRING: Record<string, string> = {
  codeFencedFenceInfo: 'lang',
  codeFencedFenceMeta: 'meta',
  resourceDestinationString: 'url',
  resourceTitleString: 'title'
}

/** Where mdast-util-from-markdown keeps line endings as text (its `canContainEols`). */
const KEEPS_LINE_ENDINGS = new Set<string>(['emphasis', 'fragment', 'heading', 'paragraph', 'strong'])

/**
 * A node being built: mdast, or a fragment collecting the text of a value (url, code,
 * html…). Loosely typed as the library's handlers are: fields are filled in as tokens end.
 */
interface Open {
  type: string
  children: Open[]
  position?: {start: Point; end?: Point}
  [field: string]: unknown
}
type Point = {line: number; column: number; offset: number}
type Text = {type: 'text'; value: string; position: {start: Point; end: Point}}

function point(from: MicromarkPoint): Point {
  return {line: from.line, column: from.column, offset: from.offset}
}

/** Whether every token of `events` is one this module builds the library's tree for. */
export function eventsAreCovered(events: readonly Event[]): boolean {
  for (let index = 0; index < events.length; index++) {
    const type = events[index]![1].type
    if (!HANDLED.has(type) && !INERT.has(type)) return false
  }
  return true
}

/** The mdast tree of `events` (from micromark with GFM tables), or undefined when not covered. */
export function treeFromEvents(events: readonly Event[]): Root | undefined {
  if (!eventsAreCovered(events)) return undefined
  const root: Open = {type: 'root', children: [], position: undefined}
  const stack: Open[] = [root]
  let inTable = false
  let codeInside = false
  let slurpLineEnding = false
  let atHardBreak = false
  let resourceSeen = false
  /** The text node data is being added to: enter and exit of data come in pairs. */
  let tail: Text | undefined

  const top = (): Open => stack[stack.length - 1]!
  /** Add a node under the current one and make it current; leaves have no `children`. */
  const open = (fields: {type: string; [field: string]: unknown}, token: Token) => {
    const node = fields as Open
    top().children.push(node)
    stack.push(node)
    node.position = {start: point(token.start), end: undefined}
  }
  const close = (token: Token) => {
    const node = stack.pop()!
    node.position!.end = point(token.end)
  }
  const fragment = () => {
    stack.push({type: 'fragment', children: []})
  }
  /** The text of a fragment, taken off the stack: its children are text nodes only here. */
  const resume = (): string => {
    let value = ''
    for (const child of stack.pop()!.children) value += child.value as string
    return value
  }
  const enterData = (token: Token) => {
    const siblings = top().children
    const last = siblings[siblings.length - 1]
    if (last && last.type === 'text') {
      tail = last as unknown as Text
    } else {
      tail = {type: 'text', value: '', position: {start: point(token.start), end: undefined as unknown as Point}}
      siblings.push(tail as unknown as Open)
    }
  }
  const exitData = (token: Token, event: Event) => {
    tail!.value += event[2].sliceSerialize(token)
    tail!.position.end = point(token.end)
    tail = undefined
  }

  for (let index = 0; index < events.length; index++) {
    const event = events[index]!
    const token = event[1]
    if (event[0] === 'enter') {
      if (TEXT_DATA.has(token.type) || token.type === 'characterEscape') {
        enterData(token)
        continue
      }
      switch (token.type) {
        case 'atxHeading':
        case 'setextHeading':
          open({type: 'heading', depth: 0 as 1, children: [], position: undefined}, token)
          break
        case 'paragraph':
          open({type: 'paragraph', children: [], position: undefined}, token)
          break
        case 'thematicBreak':
          open({type: 'thematicBreak', position: undefined}, token)
          break
        case 'emphasis':
        case 'strong':
          open({type: token.type, children: [], position: undefined}, token)
          break
        case 'hardBreakEscape':
        case 'hardBreakTrailing':
          open({type: 'break', position: undefined}, token)
          break
        case 'codeFenced':
          open({type: 'code', lang: null, meta: null, value: '', position: undefined}, token)
          break
        case 'htmlFlow':
        case 'htmlText':
          open({type: 'html', value: '', position: undefined}, token)
          fragment()
          break
        case 'codeText':
          open({type: 'inlineCode', value: '', position: undefined}, token)
          fragment()
          break
        case 'link':
          open({type: 'link', title: null, url: '', children: [], position: undefined}, token)
          resourceSeen = false
          break
        case 'codeFencedFenceInfo':
        case 'codeFencedFenceMeta':
        case 'label':
        case 'resourceDestinationString':
        case 'resourceTitleString':
          fragment()
          break
        case 'table': {
          const align = (token as Token & {_align: Array<'left' | 'right' | 'center' | 'none'>})._align
          open({type: 'table', align: align.map((d) => (d === 'none' ? null : d)), children: [], position: undefined}, token)
          inTable = true
          break
        }
        case 'tableRow':
          open({type: 'tableRow', children: [], position: undefined}, token)
          break
        case 'tableHeader':
        case 'tableData':
          open({type: 'tableCell', children: [], position: undefined}, token)
          break
        // No default: the other covered types only matter on exit.
      }
      continue
    }
    if (TEXT_DATA.has(token.type) || token.type === 'characterEscapeValue') {
      // An escape's text is its value's (the backslash is left out).
      exitData(token, event)
      continue
    }
    switch (token.type) {
      case 'atxHeadingSequence': {
        const node = top()
        if (!node.depth) node.depth = event[2].sliceSerialize(token).length
        break
      }
      case 'setextHeadingText':
        slurpLineEnding = true
        break
      case 'setextHeadingLineSequence':
        top().depth = event[2].sliceSerialize(token).codePointAt(0) === 61 ? 1 : 2
        break
      case 'setextHeading':
        slurpLineEnding = false
        close(token)
        break
      case 'atxHeading':
      case 'paragraph':
      case 'thematicBreak':
      case 'emphasis':
      case 'strong':
      case 'tableRow':
      case 'tableHeader':
      case 'tableData':
        close(token)
        break
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        atHardBreak = true
        close(token)
        break
      case 'lineEnding': {
        const context = top()
        if (atHardBreak) {
          context.children[context.children.length - 1]!.position!.end = point(token.end)
          atHardBreak = false
        } else if (!slurpLineEnding && KEEPS_LINE_ENDINGS.has(context.type)) {
          enterData(token)
          exitData(token, event)
        }
        break
      }
      case 'codeFencedFenceInfo':
      case 'codeFencedFenceMeta':
      case 'resourceDestinationString':
      case 'resourceTitleString': {
        // The text collected in the fragment becomes a field of the node below it.
        const value = resume()
        top()[FIELD_OF_STRING[token.type]!] = value
        break
      }
      case 'codeFencedFence':
        // The opening fence starts the code's text; the closing fence adds nothing.
        if (!codeInside) {
          fragment()
          codeInside = true
        }
        break
      case 'codeFenced': {
        const value = resume()
        top().value = value.replace(/^(\r?\n|\r)|(\r?\n|\r)$/g, '')
        codeInside = false
        close(token)
        break
      }
      case 'htmlFlow':
      case 'htmlText': {
        const value = resume()
        top().value = value
        close(token)
        break
      }
      case 'codeText': {
        let value = resume()
        // mdast-util-gfm-table: in a cell, `\|` in code stands for a pipe.
        if (inTable) value = value.replace(/\\([\\|])/g, (all, char: string) => (char === '|' ? char : all))
        top().value = value
        close(token)
        break
      }
      case 'label': {
        // The label's inline content becomes the link's children.
        const label = stack.pop()!
        top().children = label.children
        break
      }
      case 'resource':
        resourceSeen = true
        break
      case 'link':
        // A link without a resource is a reference: the library's work, not covered here.
        if (!resourceSeen) return undefined
        close(token)
        break
      case 'table':
        close(token)
        inTable = false
        break
      // No default: `labelText` and `characterEscape` end with what is inside them.
    }
  }
  root.position = {
    start: point(events.length > 0 ? events[0]![1].start : {line: 1, column: 1, offset: 0} as MicromarkPoint),
    // As the library does: the last event is the document's exit, the one before it ends the content.
    end: point(events.length > 0 ? events[events.length - 2]![1].end : {line: 1, column: 1, offset: 0} as MicromarkPoint)
  }
  return root as unknown as Root
}
