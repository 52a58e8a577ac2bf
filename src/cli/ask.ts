import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Answer } from '../types.js';
import { htmlToTerminal } from '../answer/terminal.js';
import { openEngine, runCli } from './open.js';

const USAGE = `usage: npm run --silent ask -- [--json] "question"
       npm run --silent ask -- --json --batch FILE [--chat]   (one question per line; --chat: the lines are
                                                          one conversation, follow-ups read against the line before)`;

/** The contract object: what tests and evaluations read. The span is internal and left out. */
export function answerJson(a: Answer): object {
  return {
    question: a.question,
    abstained: a.abstained,
    type: a.type,
    understood: a.understood,
    followUpOf: a.followUpOf,
    suggestions: a.suggestions,
    confidence: a.confidence,
    extracts: a.extracts.map(({ quote, source, alsoIn, score }) => ({ quote, source, alsoIn, score })),
    reply: a.reply,
  };
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      chat: { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help || (!values.batch && !positionals.length)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const questions = values.batch
    ? readFileSync(values.batch, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
    : [positionals.join(' ')];
  const engine = await openEngine();
  let previous: string | undefined;
  for (const q of questions) {
    const answer = await engine.ask(q, values.chat ? previous : undefined);
    if (answer.understood) previous = answer.understood;
    if (values.json) process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`);
    else {
      const suggestions = (answer.suggestions ?? []).map((s) => `\n  • ${s}`).join('');
      process.stdout.write(`${htmlToTerminal(answer.reply, process.stdout.isTTY)}${suggestions}\n\n`);
    }
  }
});
