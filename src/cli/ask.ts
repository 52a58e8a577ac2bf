import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Answer, Topic } from '../types.js';
import { htmlToTerminal } from '../text/terminal.js';
import { replyHtml } from '../telegram/render.js';
import { openEngine, runCli } from './open.js';

const USAGE = `usage: npm run --silent ask -- [--json] "question"
       npm run --silent ask -- --json --batch FILE [--chat]   (one question per line; --chat: the lines are
                                                          one conversation, follow-ups read against the line before)`;

/** The contract object: what tests and evaluations read; `reply` is the Telegram rendering. The span is internal and left out. */
export function answerJson(a: Answer, numbers: Map<string, number>): object {
  return {
    question: a.question,
    abstained: a.abstained,
    type: a.type,
    understood: a.understood,
    followUpOf: a.followUpOf,
    mayFollow: a.mayFollow,
    suggestions: a.suggestions,
    confidence: a.confidence,
    extracts: a.extracts.map(({ quote, source, alsoIn, score }) => ({ quote, source, alsoIn, score })),
    reply: replyHtml(a, numbers),
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
  let previous: Topic | undefined;
  for (const q of questions) {
    const answer = await engine.ask(q, values.chat ? previous : undefined);
    previous = answer.topic ?? previous;
    if (values.json) process.stdout.write(`${JSON.stringify(answerJson(answer, engine.numbers))}\n`);
    else {
      const suggestions = (answer.suggestions ?? []).map((s) => `\n  • ${s}`).join('');
      process.stdout.write(`${htmlToTerminal(replyHtml(answer, engine.numbers), process.stdout.isTTY)}${suggestions}\n\n`);
    }
  }
});
