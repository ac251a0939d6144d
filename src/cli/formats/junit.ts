/**
 * `--format junit`: JUnit XML, the test report format CI systems (Jenkins, GitLab,
 * Azure Pipelines, CircleCI) show without a plugin. Each page with findings is a
 * `<testsuite>`, each finding a `<testcase>` with a `<failure>` (its `type` the
 * severity); each page without findings is one passing `<testcase>` in the suite
 * `pages without findings`, so a clean run reports what it checked.
 *
 * A failure's text holds what the one-line `message` cannot: the position, the text
 * there, the fix, the note and the rule's documentation.
 *
 * The XML is written from a template: the format is three elements deep. Text and
 * attributes are escaped with `entities` (`escapeUTF8`: the five XML specials; the file is UTF-8); characters XML 1.0 cannot hold
 * at all (control characters, lone surrogates; a page may contain them) are replaced
 * by U+FFFD first, which no escaping library does.
 */
import {escapeUTF8} from 'entities/escape'
import type {ReportData, ReportFinding} from './report-data.js'

// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function xml(value: string): string {
  return escapeUTF8(value.replace(notXml, '\uFFFD'))
}

function place(f: ReportFinding): string {
  return f.line === null ? '' : `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`
}

function failureText(data: ReportData, f: ReportFinding): string {
  const lines = [`${data.files[f.file]!.path}${f.line === null ? '' : ':' + place(f)}`, f.reason]
  if (f.actual !== undefined) lines.push(`actual: ${JSON.stringify(f.actual)}`)
  if (f.expected?.length) lines.push(`expected: ${f.expected.map((e) => JSON.stringify(e)).join(' or ')}${f.fixable ? '' : ' (not applied by --fix)'}`)
  if (f.note) lines.push(`note: ${f.note}`)
  const docs = data.rules.find((rule) => rule.id === f.rule)?.docs
  if (docs) lines.push(`rule: ${f.rule} ${docs}`)
  return lines.join('\n')
}

function testcase(data: ReportData, f: ReportFinding, classname: string): string {
  const name = `${f.rule}${f.line === null ? '' : ' at ' + place(f)}`
  return (
    `    <testcase name="${xml(name)}" classname="${xml(classname)}" time="0">\n` +
    `      <failure message="${xml(f.reason)}" type="${f.severity}">${xml(failureText(data, f))}</failure>\n` +
    `    </testcase>\n`
  )
}

export function formatJunit(data: ReportData, clean: readonly string[] = []): string {
  const byFile = new Map<number, ReportFinding[]>()
  for (const f of data.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f])
  let suites = ''
  for (const [index, findings] of byFile) {
    const file = data.files[index]!.path
    suites += `  <testsuite name="${xml(file)}" tests="${findings.length}" failures="${findings.length}" errors="0" skipped="0" time="0">\n`
    for (const f of findings) suites += testcase(data, f, file)
    suites += '  </testsuite>\n'
  }
  if (clean.length > 0) {
    suites += `  <testsuite name="pages without findings" tests="${clean.length}" failures="0" errors="0" skipped="0" time="0">\n`
    for (const file of clean) suites += `    <testcase name="${xml(file)}" classname="${xml(file)}" time="0"/>\n`
    suites += '  </testsuite>\n'
  }
  const tests = data.findings.length + clean.length
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="content-lint" tests="${tests}" failures="${data.findings.length}" errors="0" time="0">\n${suites}</testsuites>\n`
}
