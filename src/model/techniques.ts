/**
 * Technique mentions in their three written forms, and tactic mentions. Only the shape is read here
 * (ID, name, where each is); whether the name is right is the ATT&CK rules' business.
 */
import {runFact} from './cells.js'
import {PageSource, TextRun} from './source.js'
import type {LinkFact, TacticMention, TechniqueForm, TechniqueMention, TextFact} from './types.js'

/** `T1059`, `T1059.001`, and the wrong-but-seen `T1059/001`. */
const writtenId = /^(T\d{4})(?:([./])(\d{3}))?$/
/** `T1059.001 - Name`: ID, a dash, the name (which may itself be an ID placeholder). */
const idAndName = /^\s*(T\d{4}(?:[./]\d{3})?)\s*-\s*(.*?)\s*$/
const attackUrl = /^https?:\/\/attack\.mitre\.org\/techniques\/(T\d{4})(?:([./])(\d{3}))?\/?(?:[#?].*)?$/i

export function normaliseId(id: string): string {
  const m = writtenId.exec(id)
  return m ? (m[3] ? `${m[1]}.${m[3]}` : m[1]!) : id
}

/** Whether a run of text looks like a technique ID (`T1175`, `T1204.001`). */
export function isTechniqueId(text: string): boolean {
  return writtenId.test(text.trim())
}

/** Parse `T1078 - Valid Accounts` from `run.value[from..to)`. */
export function techniqueFromText(
  run: TextRun,
  from: number,
  to: number,
  form: TechniqueForm,
  source: PageSource
): TechniqueMention | null {
  const text = run.value.slice(from, to)
  const m = idAndName.exec(text)
  if (!m) return null
  const idStart = from + text.indexOf(m[1]!)
  const idFact = runFact(run, idStart, idStart + m[1]!.length, source)
  let name: TextFact | null = null
  if (m[2]) {
    // The name is the last thing on the line: find it from the end, not by search,
    // so a name equal to the ID (a placeholder) is located right.
    const trimmedEnd = from + text.trimEnd().length
    const nameStart = trimmedEnd - m[2].length
    name = runFact(run, nameStart, trimmedEnd, source)
  }
  const end = name ? name.span.end : idFact.span.end
  return {
    form,
    id: normaliseId(m[1]!),
    writtenId: idFact,
    name,
    url: null,
    urlId: null,
    span: {start: idFact.span.start, end}
  }
}

/** The ID part of an ATT&CK technique URL, as written (`T1059/001`). */
const idInUrl = /\/techniques\/(T\d{4}(?:[./]\d{3})?)/i

/**
 * A matrix link `[Name](https://attack.mitre.org/techniques/T1059/001)`, else null.
 * The ID is the one the URL names; a link text `T1059 - Name` also gives the written ID.
 */
export function techniqueFromLink(link: LinkFact, source: PageSource): TechniqueMention | null {
  const m = attackUrl.exec(link.url)
  if (!m) return null
  const id = m[3] ? `${m[1]}.${m[3]}` : m[1]!
  const nameText = source.slice(link.textSpan)
  let name = nameText.trim() === '' ? null : source.trimmed(link.textSpan.start, link.textSpan.end)
  let written: TextFact | null = null
  // The link text is read from the page source so that spans stay exact; `T1059 - Name`
  // in a link text is split like a text mention.
  const inText = name ? idAndName.exec(name.text) : null
  if (name && inText) {
    const idAt = name.span.start + name.text.indexOf(inText[1]!)
    written = {text: inText[1]!, span: source.span(idAt, idAt + inText[1]!.length)}
    const nameEnd = name.span.end
    name = inText[2] ? {text: inText[2], span: source.span(nameEnd - inText[2].length, nameEnd)} : null
  }
  const url = {text: source.slice(link.urlSpan), span: link.urlSpan}
  const inUrl = idInUrl.exec(url.text)
  const urlId = inUrl
    ? {text: inUrl[1]!, span: source.span(url.span.start + inUrl.index + inUrl[0].length - inUrl[1]!.length, url.span.start + inUrl.index + inUrl[0].length)}
    : null
  return {
    form: 'link',
    id,
    writtenId: written,
    name,
    url,
    urlId,
    span: link.span
  }
}

/** `TA0002 - Execution`, and the placeholder `TA0002 - TA0002`. */
const tacticIdAndName = /^\s*(TA\d{4})\s*(?:-\s*(.*?))?\s*$/

/** Parse a tactic mention from `run.value[from..to)`: `TA0002 - Execution` or a bare `TA0002`. */
export function tacticFromText(run: TextRun, from: number, to: number, form: TacticMention['form'], source: PageSource): TacticMention | null {
  const text = run.value.slice(from, to)
  const m = tacticIdAndName.exec(text)
  if (!m) return null
  const idStart = from + text.indexOf(m[1]!)
  const id = runFact(run, idStart, idStart + m[1]!.length, source)
  let name: TextFact | null = null
  if (m[2]) {
    // From the end, as for techniques: a placeholder name equals the ID.
    const trimmedEnd = from + text.trimEnd().length
    name = runFact(run, trimmedEnd - m[2].length, trimmedEnd, source)
  }
  return {form, id, name, span: {start: id.span.start, end: name ? name.span.end : id.span.end}}
}
