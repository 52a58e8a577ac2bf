import { describe, expect, it } from 'vitest';
import { compatible, groupReports, NEAREST, SAME_EVENT, type Likeness } from '../src/timeline/events.js';
import { daysOf, type Report } from '../src/timeline/extract.js';

/** A report of sentence `index` dated `date` (a day, a month or a year), with only what grouping reads. */
function report(index: number, date: string, planned = false, act = 0): Report {
  return {
    index,
    date,
    days: daysOf(date),
    planned,
    act,
    sentence: { id: `s${index}`, articleId: 'a', passageId: 'p', text: `sentence ${index}`, start: 0, end: 10, unit: { start: 0, end: 10 } },
    source: { id: 'a', file: 'a.txt', title: 'A', date: null, url: null },
    precision: date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year',
    inferred: false,
    when: { start: 0, end: 1 },
    words: [],
  } as Report;
}
/** Every pair alike (likeness 1), except two acts of one sentence, as clauseLikeness scores them. */
const allAlike: Likeness = (a, b) => (a.index === b.index ? 0 : 1);
const indices = (groups: Report[][]) => groups.map((g) => g.map((r) => `${r.index}.${r.act}`));

describe('grouping reports into events (src/timeline/events.ts)', () => {
  it('reads nesting dates: a month holds its days, a week does not hold a day outside it', () => {
    expect(compatible(daysOf('2025-08'), daysOf('2025-08-08'))).toBe(true);
    expect(compatible(daysOf('2025-08-08'), daysOf('2025'))).toBe(true);
    expect(compatible(daysOf('2025-08-08'), daysOf('2025-08-10'))).toBe(false);
    expect(compatible({ from: '2026-02-02', to: '2026-02-08' }, daysOf('2026-02-10'))).toBe(false);
  });

  it('never merges two groups whose dates do not all nest, however alike', () => {
    // "August 2025" nests with both days, the days not with each other. Without the check at the merge, the month
    // joins the 8th, and then the 10th joins them at a mean likeness of 1/2 (its unnested pair never compared counts 0).
    const reports = [report(0, '2025-08'), report(1, '2025-08-08'), report(2, '2025-08-10')];
    expect(SAME_EVENT).toBeLessThan(0.5);
    expect(indices(groupReports(reports, allAlike))).toEqual([['0.0', '1.0'], ['2.0']]);
  });

  it('never merges two acts of one sentence, even through a third report like both', () => {
    const reports = [report(0, '2026-02-10', false, 0), report(5, '2026-02-10'), report(0, '2026-02-10', false, 1)];
    const groups = indices(groupReports(reports, allAlike));
    expect(groups).toHaveLength(2);
    expect(groups.find((g) => g.includes('0.0'))).not.toContain('0.1');
  });

  it('keeps a plan apart from what happened on the same day', () => {
    const reports = [report(0, '2026-02-10', true), report(1, '2026-02-10'), report(2, '2026-02-10', true)];
    expect(indices(groupReports(reports, allAlike))).toEqual([['0.0', '2.0'], ['1.0']]);
  });

  it(`on a year of more than ${NEAREST} reports compares each only with its ${NEAREST} nearest, and still finds every event`, () => {
    // 200 reports of one day, 25 hidden events of 8; likeness is high within an event, low across, with some
    // spread; the rough likeness (the sentence vectors' cosine in the engine) is a noisy copy of it.
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 200;
    const event = (r: Report) => r.index % 25;
    const reports = Array.from({ length: n }, (_, i) => report(i, '2025-06-03'));
    const noise = Array.from({ length: n * n }, () => rand());
    const pairNoise = (a: Report, b: Report) => noise[Math.min(a.index, b.index) * n + Math.max(a.index, b.index)];
    let compared = 0;
    const likeness: Likeness = (a, b) => {
      compared++;
      return (event(a) === event(b) ? 0.6 : 0.05) + 0.3 * pairNoise(a, b);
    };
    const rough: Likeness = (a, b) => (event(a) === event(b) ? 0.5 : 0.2) + 0.25 * pairNoise(b, a) + 0.1 * rand();

    const cut = groupReports(reports, likeness, SAME_EVENT, rough);
    const cutCompared = compared;
    compared = 0;
    const full = groupReports(reports, likeness, SAME_EVENT);
    expect(compared).toBe((n * (n - 1)) / 2);
    expect(cutCompared).toBeLessThanOrEqual(n * NEAREST);
    expect(indices(cut)).toEqual(indices(full));
    expect(cut).toHaveLength(25);
    for (const g of cut) expect(new Set(g.map(event)).size).toBe(1);
  });
});
