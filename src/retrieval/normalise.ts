import { typoApart } from './lexical.js';

/**
 * Chat spellings and abbreviations as people type them, with the words they stand for. A general lexicon of
 * how people write in chats, not fitted to any question: it lets question analysis ("whos" asks for a person,
 * "hw much" for an amount) and term matching see ordinary words.
 */
const CHAT: Record<string, string> = {
  whats: 'what is', wats: 'what is', wat: 'what', wut: 'what', wht: 'what', whatd: 'what did',
  whos: 'who is', whod: 'who did', wen: 'when', whn: 'when', whens: 'when is', wher: 'where', whr: 'where',
  wheres: 'where is', whered: 'where did', hw: 'how', hows: 'how is', y: 'why', u: 'you', ur: 'your',
  r: 'are', n: 'and', abt: 'about', bout: 'about', bc: 'because', cuz: 'because', coz: 'because',
  pls: 'please', plz: 'please', ppl: 'people', govt: 'government', yr: 'year', yrs: 'years', b4: 'before',
  wanna: 'want to', gonna: 'going to', tho: 'though', thru: 'through', im: 'i am', dont: 'do not',
  didnt: 'did not', doesnt: 'does not', isnt: 'is not', wasnt: 'was not', cant: 'can not', wont: 'will not',
  teh: 'the', da: 'the', pm: 'prime minister', vp: 'vice president', prez: 'president', bn: 'billion',
  mln: 'million', smth: 'something', sth: 'something', w: 'with', bw: 'between', btw: 'by the way',
  idk: 'i do not know', rn: 'right now', rly: 'really', tbh: 'to be honest', pres: 'president',
};
// "who'd", "what's", "where're": a wh-word with a clipped auxiliary.
const CLIPPED: Record<string, string> = { d: 'did', s: 'is', re: 'are', ve: 'have', ll: 'will' };

/** Expands chat spellings word by word; everything else, including case and punctuation, stays as typed. */
export function expandChatSpellings(text: string): string {
  return text
    .replace(/\b(who|what|where|when|why|how)['’](d|s|re|ve|ll)\b/gi, (_, wh: string, aux: string) => `${wh} ${CLIPPED[aux.toLowerCase()]}`)
    // a whole word, not a letter of an abbreviation such as "U.S."
    .replace(/(?<![\p{L}\p{N}.])[\p{L}\p{N}]+(?![\p{L}\p{N}]|\.\p{L})/gu, (w) => {
      const full = CHAT[w.toLowerCase()];
      if (!full) return w;
      return /^\p{Lu}/u.test(w) ? full[0].toUpperCase() + full.slice(1) : full;
    });
}

/**
 * Mends typos in words the articles do not use and the model does not know either ("azerbajan",
 * "pashinian", "nucelar"): each becomes the article word a typo away, keeping an initial capital.
 * Words the model knows are real words, left alone even if the articles lack them.
 */
export function mendTypos(text: string, corpusWords: ReadonlySet<string>, unknownToModel: ReadonlySet<string>): string {
  return text.replace(/\p{L}+/gu, (w) => {
    const lower = w.toLowerCase();
    if (corpusWords.has(lower) || !unknownToModel.has(lower)) return w;
    let fix: string | null = null;
    for (const c of corpusWords) {
      if (typoApart(lower, c)) {
        fix = c;
        break;
      }
    }
    if (!fix) return w;
    return /^\p{Lu}/u.test(w) ? fix[0].toUpperCase() + fix.slice(1) : fix;
  });
}
