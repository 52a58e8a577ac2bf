import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { eventText, pictureTitle } from '../timeline/format.js';
import { timelinePng } from '../timeline/picture.js';
import { openEngine, runCli } from './open.js';

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, png: { type: 'string' } },
    allowPositionals: true,
  });
  const engine = await openEngine();
  const filter = positionals.join(' ');
  const events = await engine.timeline(filter);
  if (values.png) {
    writeFileSync(values.png, await timelinePng(events, pictureTitle(filter), engine.numbers));
    process.stderr.write(`wrote ${values.png}\n`);
  }
  if (values.json) {
    const out = events.map(({ date, precision, inferred, planned, text, label, sources, reports }) => ({
      date,
      precision,
      inferred,
      planned,
      text,
      label,
      // Each source with its own sentences about the event, verbatim.
      sources: sources.map(({ id, file, title }) => ({ id, file, title, sentences: reports.filter((r) => r.source.id === id).map((r) => r.sentence) })),
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${events.map((e) => eventText(e, engine.numbers)).join('\n\n')}\n`);
  }
});
