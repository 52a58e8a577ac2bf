import { words } from './lexical.js';
import { expandChatSpellings } from './normalise.js';
import type { Language, SmallTalk } from '../types.js';

/** What a message is before it is a question: small talk and other languages get a reply of their own. */
export type Intent = { kind: 'question' } | { kind: 'small-talk'; talk: SmallTalk } | { kind: 'language'; language: Language };

// Whole-message small talk: every word of the message belongs to one of these phrases' vocabularies.
const TALK: [SmallTalk, RegExp][] = [
  ['greeting', /^(?:(?:hi|hello|hey|hiya|howdy|yo|sup|hallo|greetings|good|morning|afternoon|evening|day|there|all|everyone|guys|bot|what|is|up|how|are|you|doing|it|going|salam|salut|hola)\s*)+$/],
  ['thanks', /^(?:(?:thanks|thank|you|thx|ty|tnx|thankyou|cheers|much|so|very|a|lot|many|great|ok|okay|cool|nice|perfect|awesome|good|bot|got|it|appreciated|appreciate|that|this|helpful|super|wow)\s*)+$/],
  ['identity', /^(?:(?:who|what|are|is|you|your|this|name|can|do|does|could|bot|a|the|for|made|built|created|purpose|how|work|works|help|me|with|kind|of|able|to)\s*)+$/],
  ['farewell', /^(?:(?:bye|goodbye|good|night|see|you|later|ya|cya|ciao|take|care|thanks|and|ok)\s*)+$/],
];
// A greeting opening a real question ("hi, when did he land?") is dropped so it is not read as a question word.
const OPENING_GREETING = /^\s*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening))\b[\s,!.]*(?=\S)/i;

// Letters of the scripts people are likely to ask in; Azerbaijani is Latin but has its own letter ə.
const ARMENIAN = /[\u0531-\u058F]/gu;
const CYRILLIC = /[\u0400-\u04FF]/gu;
const LATIN = /[A-Za-z\u00C0-\u024F\u0259\u018F]/gu;
const AZERBAIJANI_WORDS = new Set(
  'və nə kim harada niyə necə nəyə haqqında üçün ilə edib olub etdi oldu vitse prezident səfər barədə hansı neçə nə vaxt'.split(' '),
);

/**
 * Another language when most letters (over half, 0.5) are of another script, or the message holds an Azerbaijani
 * letter or two (2) of the words above. Measured by scripts/measure-text.ts on the 484 validation questions: every
 * one is all Latin letters and none holds even one of those words, so neither number changes an English question.
 */
export function detectIntent(text: string): Intent {
  const letters = (re: RegExp) => text.match(re)?.length ?? 0;
  const latin = letters(LATIN);
  const all = letters(/\p{L}/gu);
  if (all > 0 && latin / all < 0.5) {
    if (letters(ARMENIAN) >= letters(CYRILLIC) && letters(ARMENIAN) > 0) return { kind: 'language', language: 'hy' };
    if (letters(CYRILLIC) > 0) return { kind: 'language', language: 'ru' };
    return { kind: 'language', language: 'other' };
  }
  const lower = text.toLowerCase();
  const azWords = (lower.match(/\p{L}+/gu) ?? []).filter((w) => AZERBAIJANI_WORDS.has(w)).length;
  if (/[əƏ]/u.test(text) || azWords >= 2) return { kind: 'language', language: 'az' };
  const plain = words(expandChatSpellings(text)).join(' ');
  if (plain) for (const [talk, re] of TALK) if (re.test(plain)) return { kind: 'small-talk', talk };
  return { kind: 'question' };
}

/** The question without a greeting in front of it. */
export function withoutGreeting(text: string): string {
  return text.replace(OPENING_GREETING, '');
}
