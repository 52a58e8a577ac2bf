import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Engine } from '../src/engine/engine.js';
import type { AnswerEngine } from '../src/engine/engine.js';
import { findDates, inferArticleDates, quotedRanges } from '../src/timeline/extract.js';
import { pictureTitle, showDate } from '../src/timeline/format.js';
import { focusWeeks, FONT, labelWidth, layoutTimeline, place, timelinePng, timelineSvg } from '../src/timeline/picture.js';
import { eventLabel, LABEL_CHARS } from '../src/timeline/label.js';
import { parseSentence } from '../src/timeline/acts.js';
import { isClause, loadBlind, scoreTimeline } from '../scripts/eval-timeline.js';
import { fitSameEvent } from '../scripts/fit-events.js';
import { SAME_EVENT } from '../src/timeline/events.js';
import type { TimelineEvent } from '../src/types.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openEngine, ROOT, seedText, tempDir } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

let engine: Engine;
let events: TimelineEvent[];
beforeAll(async () => {
  engine = await openEngine();
  events = await engine.timeline();
});
const find = (re: RegExp) => events.find((e) => re.test(e.text));
const ids = (e: TimelineEvent | undefined) => e?.sources.map((s) => s.id.slice(0, 3));
/** The same events a year later as well: twice as many entries and labels. */
const doubled = (list: TimelineEvent[]): TimelineEvent[] =>
  list.flatMap((e) => {
    const later = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
    return [e, { ...e, date: later(e.date), days: { from: later(e.days.from), to: later(e.days.to) } }];
  });
/** The engine's bot-facing methods, bound, so one can be replaced. */
const pick = (e: Engine): AnswerEngine => ({
  ask: e.ask.bind(e),
  sources: e.sources.bind(e),
  article: e.article.bind(e),
  numbers: e.numbers,
  timeline: e.timeline.bind(e),
  inferredDates: e.inferredDates.bind(e),
});
const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('finding dates in sentences', () => {
  it('keeps each date as precise as the text makes it', () => {
    const at = (t: string, ref: string | null = null) => findDates(t, ref).map(({ date, precision }) => `${date} ${precision}`);
    expect(at('Talks were held on Aug. 8, 2025, under U.S. auspices.')).toEqual(['2025-08-08 day']);
    expect(at('The last visit was in May 2005, by a president.')).toEqual(['2005-05 month']);
    expect(at('In 1992, Congress amended the act; waivers exist since 2001.')).toEqual(['1992 year', '2001 year']);
    expect(at('On Monday, he held talks.', '2026-02-10')).toEqual(['2026-02-09 day']);
    expect(at('He met him in Davos last Thursday.', '2026-01-24')).toEqual(['2026-01-22 day']);
    expect(at('Last week, a court handed sentences.', '2026-02-10')).toEqual(['2026-02 month']);
    expect(at('Vance will travel in February.', '2026-01-24')).toEqual(['2026-02 month']);
  });

  it('leaves relative dates unresolved without a reference, and ignores dates in quoted speech', () => {
    expect(findDates('On Monday, he held talks.', null)).toEqual([]);
    expect(findDates('He said “we met on Monday” to reporters.', '2026-02-10')).toEqual([]);
    const quote = '“As I noted in late December, Vance was planning. Until yesterday, no.” He wrote';
    expect(quotedRanges(quote)).toEqual([[0, quote.indexOf('”') + 1]]);
    expect(quotedRanges('a “b” c “d')).toEqual([[2, 5], [8, 10]]);
    expect(showDate({ date: '2026-02', precision: 'month' })).toBe('February 2026');
    expect(showDate({ date: '2026-02-09', precision: 'day' })).toBe('9 February 2026');
  });
});

describe('the timeline of the seeds', () => {
  it('infers undated articles’ dates only from other articles, and marks what depends on it', () => {
    const inferred = inferArticleDates(engine.articles, engine.sentences);
    expect(Object.fromEntries([...inferred].map(([id, d]) => [id.slice(0, 3), d.date]))).toEqual({
      '000': '2026-01-24', // "announced on Saturday" = the 24 January announcement in the dated 001
      '002': '2026-02-10',
      '004': '2026-02-10',
    });
    const davos = find(/Davos last Thursday/);
    expect(davos).toMatchObject({ date: '2026-01-22', precision: 'day', inferred: true });
  });

  it('resolves relative dates against the article date, merging one event reported by several articles', () => {
    const yerevan = find(/^On Monday, Vance held talks with Armenian Prime Minister Nikol Pashinyan/);
    expect(yerevan).toMatchObject({ date: '2026-02-09', precision: 'day' });
    expect(ids(yerevan)).toEqual(['002', '003']);
    const arrival = events.filter((e) => e.date === '2026-02-10' && /arrived in (Azerbaijan|Baku) on Tuesday/.test(e.text));
    expect(arrival).toHaveLength(1);
    expect(ids(arrival[0])!.sort()).toEqual(['002', '003', '004']);
    expect(find(/military court/)).toMatchObject({ date: '2026-02', precision: 'month', inferred: false });
  });

  it('tells a plan announced before it happened apart from what happened', () => {
    expect(find(/has announced in his Truth Social post/)).toMatchObject({ date: '2026-02', precision: 'month', planned: true });
    expect(find(/^On Monday, Vance held talks/)!.planned).toBe(false);
  });

  it('is in date order, with verbatim text from the first source and no quote-bound or headline dates', () => {
    const dates = events.map((e) => e.date);
    expect([...dates].sort((a, b) => a.localeCompare(b))).toEqual(dates);
    for (const e of events) expect(seedText(e.sources[0].file)).toContain(e.text);
    expect(events.some((e) => /yesterday’s Trump–Aliyev meeting|late December/.test(e.text))).toBe(false);
    expect(events.some((e) => e.date === '1915')).toBe(false); // "the 1915 genocide" stands in a quote
    expect(events.map((e) => e.date)).toEqual(expect.arrayContaining(['1992', '2001', '2005-05', '2008', '2023', '2025-08-08']));
  });

  it('filters by a word and draws a valid PNG picture', async () => {
    const nuclear = await engine.timeline('nuclear');
    expect(nuclear.length).toBeGreaterThan(0);
    expect(nuclear.every((e) => /nuclear/i.test(e.text))).toBe(true);
    const png = await timelinePng(events, 'The trip', engine.numbers);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThanOrEqual(1000);
    expect(meta.height).toBeGreaterThan(events.length * 30);
    const stats = await sharp(png).stats();
    expect(stats.channels[0].min).toBeLessThan(100); // something dark is drawn on the white page
  });
});

describe('events, not sentences', () => {
  it('makes the August 2025 signing one entry citing every article, each with its own sentences', () => {
    const signing = events.filter((e) => e.date.startsWith('2025-08') && /brokered/.test(e.label));
    expect(signing).toHaveLength(1);
    const [e] = signing;
    expect(e).toMatchObject({ date: '2025-08-08', precision: 'day' }); // "August 2025" merged into "Aug. 8, 2025"
    expect(ids(e)!.sort()).toEqual(['000', '002', '003', '004']);
    expect(e.reports.length).toBeGreaterThanOrEqual(5);
    for (const r of e.reports) expect(seedText(r.source.file).slice(r.span.start, r.span.end)).toBe(r.sentence);
    expect(events.filter((e) => e.date === '2025')).toHaveLength(0); // "last year" / "a 2025 agreement" joined it
    // Another act at the same meeting is an event of its own.
    expect(events.find((e) => e.date.startsWith('2025-08') && /authorized another temporary waiver/.test(e.label))).toBeDefined();
  });

  it('splits a sentence that reports two acts: the Baku signing and the Yerevan nuclear deal are events of their own', () => {
    const on = (date: string, re: RegExp) => events.filter((e) => e.date === date && re.test(e.label));
    const [signing] = on('2026-02-10', /signed a strategic partnership agreement/);
    const [arrival] = on('2026-02-10', /arrived in (Baku|Azerbaijan)/);
    expect(signing).toBeDefined();
    expect(arrival).toBeDefined();
    expect(signing).not.toBe(arrival);
    expect(signing.label).toMatch(/^Vance… signed a strategic partnership agreement/);
    const [nuclear] = on('2026-02-09', /nuclear/);
    const [talks] = on('2026-02-09', /held talks with Armenian Prime Minister Nikol Pashinyan in Yerevan/);
    expect(nuclear.label).toMatch(/agreed to cooperate on civilian nuclear power/);
    expect(talks).toBeDefined();
    expect(nuclear).not.toBe(talks);
    // One sentence, two acts, two events; no day floods: at most two events a day.
    expect(nuclear.reports.map((r) => r.sentence)).toEqual(expect.arrayContaining([talks.text]));
    const perDay = new Map<string, number>();
    for (const e of events) perDay.set(e.date, (perDay.get(e.date) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(2);
  });

  it('keeps different events apart even in one month: a court ruling last week is not Tuesday’s arrival', () => {
    const court = find(/military court/)!;
    expect(court.days).toEqual({ from: '2026-02-02', to: '2026-02-08' });
    expect(court.reports).toHaveLength(1);
    expect(showDate(court)).toBe('week of 2 February 2026');
    expect(events.find((e) => e.date === '2008')!.reports).toHaveLength(1);
  });

  it('uses the merge threshold the blind grouping fits, and merges better than no merging', async () => {
    const { best, table } = await fitSameEvent(engine);
    expect(best.threshold).toBe(SAME_EVENT);
    const none = table[table.length - 1];
    expect(best.f1).toBeGreaterThan(none.f1);
    expect(best.precision).toBeGreaterThanOrEqual(0.7);
  });
});

describe('labels', () => {
  it('are short, verbatim pieces of the entry’s sentence, the cuts marked with an ellipsis', () => {
    for (const e of events) {
      expect(e.label.length).toBeLessThanOrEqual(LABEL_CHARS + 1);
      let from = 0;
      for (const piece of e.label.split('…').map((p) => p.trim()).filter(Boolean)) {
        const at = e.text.indexOf(piece, from);
        expect(at, `${piece} in ${e.text}`).toBeGreaterThanOrEqual(0);
        from = at + piece.length;
      }
    }
  });

  it('say who did what, not the first words of the sentence', () => {
    const weight = () => 1;
    const label = (text: string, date: string) => eventLabel(text, { start: text.indexOf(date), end: text.indexOf(date) + date.length }, weight);
    const brokered = 'US President Donald Trump brokered an agreement at the White House in August 2025, calling for both countries to renounce claims.';
    expect(label(brokered, 'August 2025')).toMatch(/Trump brokered an agreement at the White House$/);
    expect(label('The last time any of these countries received a visit from a US VP was in 2008 by Dick Cheney.', '2008')).toMatch(/Dick Cheney$/);
    expect(label('In 1992, at the height of the war, the U.S. Congress amended the Freedom Support Act by introducing Section 907.', '1992')).toMatch(/^the U\.S\. Congress amended/);
    // A reporting clause with what it reports; a coordinated verb with its subject.
    const announced = 'U.S. Vice President J.D. Vance will visit Armenia and Azerbaijan in February, President Donald Trump announced on Saturday.';
    expect(label(announced, 'on Saturday')).toBe('U.S. Vice President J.D. Vance will visit Armenia and Azerbaijan in February, President Donald Trump announced');
    const two = 'Vance met with President Ilham Aliyev in Baku on Tuesday and signed a strategic partnership agreement.';
    const at = { start: two.indexOf('on Tuesday'), end: two.indexOf('on Tuesday') + 10 };
    expect(eventLabel(two, at, weight, { act: 0 })).toBe('Vance met with President Ilham Aliyev in Baku');
    expect(eventLabel(two, at, weight, { act: 1 })).toBe('Vance… signed a strategic partnership agreement');
    // A participle is not a clause's verb: "documents signed in Washington" is what the push builds on.
    const push = 'The renewed diplomatic push builds on documents signed in Washington on Aug. 8, 2025, under U.S. auspices.';
    expect(label(push, 'Aug. 8, 2025')).toMatch(/^The renewed diplomatic push builds on documents signed in Washington/);
  });

  it('on the seeds, every label is a clause that says who did what and none ends in a dangling fragment', () => {
    for (const e of events) {
      expect(isClause(e.label), e.label).toBe(true);
      const { phrases } = parseSentence(e.label.replace(/…\s*/g, ' '));
      const last = phrases[phrases.length - 1];
      expect(['prep', 'conj'].includes(last.kind) || last.open, e.label).toBe(false);
    }
    const label = (date: string, re: RegExp) => events.find((e) => e.date === date && re.test(e.text))!.label;
    expect(label('2022', /Pelosi/)).toMatch(/seen only one visit from US Representative Nancy Pelosi/);
    expect(label('2026-01-24', /announced on Saturday/)).toMatch(/Vance will visit Armenia and Azerbaijan.*Trump announced$/);
    expect(label('2001', /since 2001/)).toMatch(/presidents have been granted the authority to temporarily waive Section 907/);
    expect(label('2005-05', /May 2005/)).toMatch(/Bush traveled to Tbilisi/);
  });

  it('filtered by a word, shows the events whose act holds it, labelled from that act', async () => {
    const nuclear = await engine.timeline('nuclear');
    expect(nuclear).toHaveLength(1);
    expect(nuclear[0].label).toMatch(/nuclear/);
    // plain data, as it crosses from an engine thread to the bot's
    expect(structuredClone(nuclear)).toEqual(nuclear);
    const aliyev = await engine.timeline('Aliyev');
    expect(aliyev.length).toBeGreaterThanOrEqual(3);
    for (const e of aliyev) expect(e.label).toMatch(/Aliyev/);
  });
});

describe('scored against the blind list of events (scripts/eval-timeline.ts)', () => {
  it('finds the listed events that have dated sentences, and its labels are clauses', () => {
    const s = scoreTimeline(
      events.map((e) => ({ date: e.date, label: e.label, sentences: e.reports.map((r) => r.sentence) })),
      loadBlind(),
    );
    // Measured when the scoring was written: 20 of 32 found, every found event's label a clause.
    expect(s.found).toBeGreaterThanOrEqual(20);
    expect(s.clause).toBe(1);
    expect(s.unmatched).toBe(0);
  });
});

describe('the picture', () => {
  it('never lets two labels overlap, on the seeds and on twice as many events', () => {
    for (const list of [events, doubled(events)]) {
      const { placed, height, width } = layoutTimeline(list, engine.numbers);
      expect(placed).toHaveLength(list.length);
      const boxes = placed.map((p) => p.box).sort((a, b) => a.y - b.y);
      for (let k = 1; k < boxes.length; k++) {
        const [a, b] = [boxes[k - 1], boxes[k]];
        const apart = a.y + a.height <= b.y || a.x + a.width <= b.x || b.x + b.width <= a.x;
        expect(apart).toBe(true);
      }
      for (const b of boxes) expect(b.y + b.height <= height && b.x + b.width <= width).toBe(true);
    }
    // A year later lies after the trip's weeks: a third, compressed segment after a second break.
    const { segments } = layoutTimeline(doubled(events), engine.numbers);
    expect(segments).toHaveLength(3);
    expect(segments[2].from).toBeGreaterThan(segments[1].to);
    expect(segments[2].top).toBeGreaterThan(segments[1].bottom);
  });

  it('sizes each label box at least as wide as the label is drawn', async () => {
    for (const p of layoutTimeline(events, engine.numbers).placed) {
      expect(p.lines.join(' ')).toBe(p.text);
      for (const line of p.lines) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="60"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="40" style="font-family:'DejaVu Sans',sans-serif;font-size:${FONT}px">${escapeXml(line)}</text></svg>`;
        const { info } = await sharp(Buffer.from(svg)).trim().toBuffer({ resolveWithObject: true });
        expect(info.width, line).toBeLessThanOrEqual(p.box.width);
        expect(p.box.x + p.box.width).toBeLessThanOrEqual(1080);
      }
    }
    expect(labelWidth('WWWW MMMM 0000')).toBeGreaterThan(labelWidth('iiii llll jjjj'));
  });

  it('keeps the trip’s weeks where most articles are dated: an old article does not stretch them', () => {
    const dated = (date: string): TimelineEvent => ({ ...events[0], date, precision: 'day', days: { from: date, to: date }, sources: [{ ...events[0].sources[0], date }] });
    const weeks = (list: TimelineEvent[]) => {
      const { from, to } = focusWeeks(list);
      return [new Date(from).toISOString().slice(0, 10), new Date(to).toISOString().slice(0, 10)];
    };
    expect(weeks(events)).toEqual(['2026-01-19', '2026-02-15']);
    expect(weeks([...events, dated('2008-05-01')])).toEqual(['2026-01-19', '2026-02-15']);
  });

  it('labels a clause full of titled names at once (the choice of names to shorten does not explode)', () => {
    const people = Array.from({ length: 20 }, (_, i) => `Deputy Minister Ann ${String.fromCharCode(65 + i)}ola`).join(', ');
    const text = `On Monday, President Joe Smith met ${people} in Yerevan.`;
    const label = eventLabel(text, { start: 3, end: 9 }, () => 1);
    expect(label.length).toBeLessThanOrEqual(LABEL_CHARS + 1);
    expect(label).toMatch(/met/);
  });

  it('puts the trip’s weeks on most of the axis, each segment to scale, with a break before them', () => {
    const { segments, placed } = layoutTimeline(events, engine.numbers);
    expect(segments).toHaveLength(2);
    const [background, trip] = segments;
    expect(trip.bottom - trip.top).toBeGreaterThan(background.bottom - background.top);
    expect(trip.top).toBeGreaterThan(background.bottom); // the break
    expect(new Date(trip.from).toISOString().slice(0, 10)).toBe('2026-01-19'); // the Monday before the first article date
    for (const s of segments.filter((x) => !x.log)) {
      const inside = placed.filter((p) => p.event.precision === 'day' && Date.parse(p.event.date) >= s.from && Date.parse(p.event.date) <= s.to);
      for (const p of inside) {
        const share = (Date.parse(`${p.event.date}T00:00:00Z`) - s.from) / (s.to - s.from);
        expect(p.y0).toBeCloseTo(s.top + share * (s.bottom - s.top), 6);
      }
    }
    expect(place(segments, Date.parse('2026-02-09T00:00:00Z')) - place(segments, Date.parse('2026-02-02T00:00:00Z'))).toBeCloseTo(
      place(segments, Date.parse('2026-02-02T00:00:00Z')) - place(segments, Date.parse('2026-01-26T00:00:00Z')),
      6,
    );
    // The years before: a log scale, so 2021 to 2025 stand apart (each year at least the 20 px of a tick label) and in order.
    expect(background.log).toBe(true);
    const years = [2021, 2022, 2023, 2024, 2025].map((y) => place(segments, Date.UTC(y, 0, 1)));
    for (let k = 1; k < years.length; k++) expect(years[k] - years[k - 1]).toBeGreaterThanOrEqual(20);
    // A week inside its month has a bar of its own.
    const week = placed.find((p) => p.event.days.from === '2026-02-02' && p.event.days.to === '2026-02-08')!;
    const month = placed.find((p) => p.event.date === '2026-02' && p.event.planned)!;
    expect(week.lane).not.toBe(month.lane);
  });

  it('labels carry their citations, the title says what was filtered, and the legend only what is drawn', async () => {
    const all = timelineSvg(events, pictureTitle(''), engine.numbers);
    expect(all).toContain('>planned<');
    const signing = events.find((e) => e.date === '2025-08-08')!;
    const drawn = layoutTimeline(events, engine.numbers).placed.find((p) => p.event === signing)!;
    expect(drawn.text).toContain(`${signing.label} [1][3][4][5]`);
    for (const line of drawn.lines) expect(all).toContain(`>${escapeXml(line)}</tspan>`);
    const nuclear = await engine.timeline('nuclear');
    const svg = timelineSvg(nuclear, pictureTitle('nuclear'), engine.numbers);
    expect(svg).toContain('Events mentioning “nuclear”');
    expect(svg).not.toContain('>planned<');
    expect(svg).toContain('nuclear power');
  });
});

describe('the timeline command', () => {
  it('prints the contract JSON in date order with --json, and readable entries without', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/timeline.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, EMBEDDINGS_DIR: tempDir() },
      });
    const { stdout } = await run('--json');
    const list = JSON.parse(stdout) as Record<string, unknown>[];
    expect(list.length).toBe(events.length);
    for (const e of list) {
      expect(Object.keys(e).sort()).toEqual(['date', 'inferred', 'label', 'planned', 'precision', 'sources', 'text']);
      expect(e.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
      const sources = e.sources as { file: string; sentences: string[] }[];
      expect(sources.every((x) => Object.keys(x).sort().join() === 'file,id,sentences,title')).toBe(true);
      for (const x of sources) for (const sentence of x.sentences) expect(seedText(x.file)).toContain(sentence);
    }
    const human = await run('nuclear');
    expect(human.stdout).toMatch(/^9 February 2026 (\(date inferred\) )?· Vance… agreed to cooperate on civilian nuclear power\n {2}“On Monday, Vance held talks/);
  }, 30_000);
});

describe('/timeline in Telegram', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBot(engine);
  });
  afterAll(() => h.stop());

  it('sends every event with its label, a page at a time, and a picture of them', async () => {
    h.mock.userSays('/timeline', { userId: 4001 });
    let sent = await h.mock.repliesTo(4001, 3);
    // Tap "show the rest" until the last page.
    for (let last = sent.find((m) => m.reply_markup); last; ) {
      const data = (last.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string }).callback_data;
      h.mock.userTaps(4001, last.message_id, data, 4001);
      sent = await h.mock.repliesTo(4001, sent.length + 1);
      const newest = sent[sent.length - 1];
      last = newest.reply_markup ? newest : undefined;
    }
    const [intro, first] = sent;
    const photo = sent.find((m) => m.method === 'sendPhoto')!;
    const pages = sent.filter((m) => m !== intro && m !== photo).map((m) => m.text).join('\n');
    expect(intro.text).toMatch(new RegExp(`${events.length} dated events from the articles, oldest first`));
    expect(first.html.length).toBeLessThanOrEqual(4096);
    expect(first.text).toMatch(/^1992 · the U\.S\. Congress amended the Freedom Support Act/);
    expect(pages).toMatch(/10 February 2026 (\(date inferred\) )?· Vance… signed a strategic partnership agreement/);
    for (const e of events) expect(pages).toContain(e.label);
    expect(photo.text).toMatch(/time axis/);
    const png = await sharp(photo.photo!).metadata();
    expect(png.format).toBe('png');
    expect(png.height).toBe(layoutTimeline(events, engine.numbers).height);
    expect(h.mock.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('pages a longer timeline with a button for the rest', async () => {
    const longer = doubled(events);
    const h2 = await startBot({ current: { ...pick(engine), timeline: async () => longer } });
    try {
      h2.mock.userSays('/timeline', { userId: 4004 });
      const sent = await h2.mock.repliesTo(4004, 3);
      const page = sent.find((m) => m.reply_markup)!;
      const rest = page.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string };
      expect(rest.callback_data).toBe('tl:1:');
      let all = sent;
      let next: { callback_data: string } | undefined = rest;
      let from = page;
      // Tap "show the rest" until the last page.
      while (next) {
        h2.mock.userTaps(4004, from.message_id, next.callback_data, 4004);
        all = await h2.mock.repliesTo(4004, all.length + 1);
        from = all[all.length - 1];
        next = from.reply_markup?.inline_keyboard.flat()[0] as { callback_data: string } | undefined;
      }
      expect(all[all.length - 1].text).toMatch(/10 February 2027/);
      expect(h2.mock.calls.filter((c) => !c.ok)).toEqual([]);
    } finally {
      await h2.stop();
    }
  });

  it('filters with /timeline <word>, and says so when nothing matches', async () => {
    h.mock.userSays('/timeline nuclear', { userId: 4002 });
    const [intro, page] = await h.mock.repliesTo(4002, 3);
    expect(intro.text).toMatch(/Timeline for “nuclear”: 1 dated event /);
    expect(page.text).toMatch(/9 February 2026 (\(date inferred\) )?· Vance… agreed to cooperate on civilian nuclear power/);
    h.mock.userSays('/timeline zebra', { userId: 4003 });
    const [none] = await h.mock.repliesTo(4003);
    expect(none.text).toMatch(/No dated event in my sources mentions “zebra”/);
  });
});
