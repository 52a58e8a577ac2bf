import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Engine } from '../src/engine.js';
import { findDates, inferArticleDates, quotedRanges } from '../src/timeline/extract.js';
import { filterTimeline, showDate } from '../src/timeline/format.js';
import { timelinePng } from '../src/timeline/picture.js';
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
    const nuclear = filterTimeline(events, 'nuclear');
    expect(nuclear.length).toBeGreaterThan(0);
    expect(nuclear.every((e) => /nuclear/i.test(e.text))).toBe(true);
    const png = await timelinePng(events, 'The trip');
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(1000);
    expect(meta.height).toBeGreaterThan(events.length * 30);
    const stats = await sharp(png).stats();
    expect(stats.channels[0].min).toBeLessThan(100); // something dark is drawn on the white page
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
      expect(Object.keys(e).sort()).toEqual(['date', 'inferred', 'planned', 'precision', 'sources', 'text']);
      expect(e.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
      expect((e.sources as object[]).every((x) => Object.keys(x).sort().join() === 'file,id,title')).toBe(true);
    }
    const human = await run('nuclear');
    expect(human.stdout).toMatch(/^9 February 2026\n {2}“On Monday, Vance held talks/);
  }, 30_000);
});

describe('/timeline in Telegram', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBot(engine);
  });
  afterAll(() => h.stop());

  it('sends the entries within the limit, a button for the rest, and a picture', async () => {
    h.mock.userSays('/timeline', { userId: 4001 });
    const sent = await h.mock.repliesTo(4001, 3);
    await new Promise((r) => setTimeout(r, 300));
    const [intro, page, photo] = h.mock.messagesTo(4001);
    expect(intro.text).toMatch(/\d+ dated events from the articles, oldest first/);
    expect(page.html.length).toBeLessThanOrEqual(4096);
    expect(page.text).toMatch(/^1992\n/);
    expect(photo.method).toBe('sendPhoto');
    expect((await sharp(photo.photo!).metadata()).format).toBe('png');
    const rest = page.reply_markup?.inline_keyboard.flat()[0] as { callback_data: string } | undefined;
    expect(rest?.callback_data).toBe('tl:1:');
    h.mock.userTaps(4001, page.message_id, rest!.callback_data, 4001);
    const all = await h.mock.repliesTo(4001, sent.length + 1);
    expect(all[all.length - 1].text).toMatch(/10 February 2026/);
    expect(h.mock.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('filters with /timeline <word>, and says so when nothing matches', async () => {
    h.mock.userSays('/timeline nuclear', { userId: 4002 });
    const [intro, page] = await h.mock.repliesTo(4002, 3);
    expect(intro.text).toMatch(/Timeline for “nuclear”: 1 dated event /);
    expect(page.text).toMatch(/9 February 2026/);
    h.mock.userSays('/timeline zebra', { userId: 4003 });
    const [none] = await h.mock.repliesTo(4003);
    expect(none.text).toMatch(/No dated event in my sources mentions “zebra”/);
  });
});
