import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { eventText, filterTimeline } from '../timeline/format.js';
import { timelinePng } from '../timeline/picture.js';
import { openEngine, runCli } from './open.js';

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, png: { type: 'string' } },
    allowPositionals: true,
  });
  const engine = await openEngine();
  const events = filterTimeline(await engine.timeline(), positionals.join(' '));
  if (values.png) {
    writeFileSync(values.png, await timelinePng(events, 'The trip and its background'));
    process.stderr.write(`wrote ${values.png}\n`);
  }
  if (values.json) {
    const out = events.map(({ date, precision, inferred, planned, text, sources }) => ({
      date,
      precision,
      inferred,
      planned,
      text,
      sources: sources.map(({ id, file, title }) => ({ id, file, title })),
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${events.map((e) => eventText(e, engine.numbers)).join('\n\n')}\n`);
  }
});
