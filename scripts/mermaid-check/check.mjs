// Reads Mermaid diagrams from stdin, separated by lines of "%%--%%", and
// has Mermaid itself parse each one. A gantt chart's tasks are also laid
// out, which is where a bad date or a stray colon shows. Prints
// "ok <type> <tasks>" per diagram; exits 1 with Mermaid's message on the
// first that fails. Mermaid needs a DOM to load, not to parse: jsdom
// stands in for the browser.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const diagrams = input.split(/^%%--%%$/m).map((d) => d.trim()).filter(Boolean);
if (diagrams.length === 0) {
  console.error('no diagram on stdin');
  process.exit(2);
}
for (const text of diagrams) {
  try {
    const { diagramType } = await mermaid.parse(text);
    let tasks = 0;
    if (diagramType === 'gantt') {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      for (const t of diagram.db.getTasks()) {
        if (!(t.startTime <= t.endTime)) {
          throw new Error(`task "${t.task}" ends before it starts`);
        }
        tasks += 1;
      }
    }
    console.log(`ok ${diagramType} ${tasks}`);
  } catch (e) {
    console.error(`does not parse: ${String(e.message).split('\n').slice(0, 3).join(' / ')}`);
    process.exit(1);
  }
}
