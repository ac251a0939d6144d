/**
 * The HTML report's styles, inlined into every report (no external sheet: the report
 * opens offline). Kept in a module of their own so `tsc` alone builds the report.
 */
export const reportStyles = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --error: #c62828; --warning: #b86e00; --info: #1565c0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
header, main { padding: 0 20px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; border-bottom: 1px solid var(--line); padding-top: 10px; padding-bottom: 8px; }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 6px; }
header .meta { color: var(--muted); margin: 0; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); border-radius: 4px; padding: 0 3px; white-space: pre-wrap; word-break: break-all; }
.cards { display: grid; grid-template-columns: 1.1fr 1.3fr 1.6fr 1fr; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; }
.card .big { font-size: 22px; font-weight: 600; margin-right: 4px; }
.card ul { list-style: none; margin: 2px 0 0; padding: 0; color: var(--muted); font-size: 12.5px; columns: 2; }
.count { margin-right: 14px; white-space: nowrap; }
.count.error .big { color: var(--error); } .count.warning .big { color: var(--warning); } .count.info .big { color: var(--info); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; align-items: start; }
.charts figure:nth-child(2) { grid-row: span 2; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figcaption small { font-weight: normal; color: var(--muted); }
.chart-box { position: relative; height: 160px; }
.error-note { color: var(--error); }
#findings { margin-top: 16px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line); z-index: 1; }
.filters select, .filters input, button { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.filters input { min-width: 16em; flex: 1; }
button { cursor: pointer; background: var(--soft); }
section.page { margin: 14px 0; }
section.page h3 { font-size: 13.5px; margin: 0 0 4px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.tag { font-weight: normal; font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); font-size: 12px; background: var(--soft); white-space: nowrap; }
th:nth-child(1) { width: 8.5em; } th:nth-child(2) { width: 6.5em; } th:nth-child(4), th:nth-child(5) { width: 16%; } th:nth-child(6) { width: 10em; }
td.position { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); }
tr.error td.severity { color: var(--error); } tr.warning td.severity { color: var(--warning); } tr.info td.severity { color: var(--info); }
details.note summary { color: var(--muted); cursor: pointer; font-size: 12px; }
details.note pre { white-space: pre-wrap; margin: 2px 0; font-size: 12px; }
.hint, .or { color: var(--muted); }
td.severity .new { display: block; font-size: 11px; color: #fff; background: var(--error); border-radius: 8px; padding: 0 6px; width: fit-content; }
#show-more { margin: 10px 0 30px; }
.fixed-list { max-height: 16em; overflow: auto; }
@media (max-width: 900px) { .cards, .charts { grid-template-columns: 1fr; } }
`
