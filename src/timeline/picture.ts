import sharp from 'sharp';
import type { TimelineEvent } from '../types.js';
import { escapeHtml } from '../answer/reply.js';
import { showDate } from './format.js';

// Layout in pixels; labels are 14 px DejaVu Sans.
const LINE = 22;
const FONT = 14;
const AXIS_X = 170;
const LABEL_X = 300;
const TOP = 110;
const MARGIN = 30;
/** The trip's weeks take this share of the axis, the background years the rest: "most of the room". */
const FOCUS_SHARE = 2 / 3;
/** Room per event on the axis, so labels can mostly stay level with their dates. */
const AXIS_PER_EVENT = 1.6 * LINE;
/** The shortest axis: room for two weeks' tick marks when a filter leaves one or two events. */
const MIN_AXIS = 6 * LINE;
const BREAK = 24;

const DAY = 864e5;
const time = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const xml = escapeHtml;

/** A stretch of time drawn at one scale: `from`..`to` (ms) maps linearly onto `top`..`bottom` (px). */
export interface Segment {
  from: number;
  to: number;
  top: number;
  bottom: number;
}

export interface Placed {
  event: TimelineEvent;
  /** Where the event's days stand on the axis (equal for a single day). */
  y0: number;
  y1: number;
  /** The label's box. */
  box: { x: number; y: number; width: number; height: number };
  text: string;
}

export interface Layout {
  width: number;
  height: number;
  segments: Segment[];
  placed: Placed[];
  legend: string[];
}

/** A position on the axis: linear inside the segment that holds the time. */
export function place(segments: Segment[], t: number): number {
  const s = segments.find((x) => t >= x.from && t <= x.to) ?? (t < segments[0].from ? segments[0] : segments[segments.length - 1]);
  const f = s.to > s.from ? (Math.min(Math.max(t, s.from), s.to) - s.from) / (s.to - s.from) : 0.5;
  return s.top + f * (s.bottom - s.top);
}

const monday = (t: number) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;

/**
 * The trip's own weeks: the shortest stretch holding most of the articles' stated dates (an old or a much later
 * article does not stretch it), from its Monday to its Sunday; the weeks of the events themselves when no article
 * is dated. Everything earlier or later is compressed.
 */
export function focusWeeks(events: TimelineEvent[]): { from: number; to: number } {
  const dated = [...new Set(events.flatMap((e) => e.sources.map((s) => s.date).filter((d): d is string => !!d)))];
  const days = (dated.length ? dated : events.filter((e) => e.precision === 'day').map((e) => e.date)).map(time);
  const all = (days.length ? days : events.map((e) => time(e.days.from))).sort((a, b) => a - b);
  const most = Math.floor(all.length / 2) + 1;
  let first = 0;
  for (let i = 1; i + most <= all.length; i++) if (all[i + most - 1] - all[i] < all[first + most - 1] - all[first]) first = i;
  return { from: monday(all[first]), to: monday(all[first + most - 1]) + 7 * DAY - 1 };
}

/**
 * A label's width, never less than drawn: DejaVu Sans advances rounded up by class (in em: i and l 0.28, space
 * 0.32, lower case 0.52–0.63, capitals and digits 0.61–0.77, m and W up to 0.99); the picture test renders every
 * label and checks it.
 */
export function labelWidth(text: string): number {
  let em = 0;
  for (const ch of text) {
    em += /[iljI.,:;'’‘|!()[\]]/.test(ch) ? 0.35 : ch === ' ' ? 0.32 : /[mwMW@%…—]/.test(ch) ? 1.0 : /[A-Z0-9]/.test(ch) ? 0.78 : 0.64;
  }
  return Math.ceil(em * FONT);
}

const citations = (e: TimelineEvent, numbers: Map<string, number>) =>
  e.sources
    .map((s) => numbers.get(s.id) ?? 0)
    .sort((a, b) => a - b)
    .map((n) => `[${n || '?'}]`)
    .join('');

/**
 * Where everything goes: an axis with the trip's weeks at one scale and the background years at another, with a
 * break between; a label per event in a column beside the axis, level with its date where possible and pushed
 * down just enough that no two labels overlap, joined to its date by a line.
 */
export function layoutTimeline(events: TimelineEvent[], numbers: Map<string, number>): Layout {
  const spans = events.map((e) => ({ e, from: time(e.days.from), to: time(e.days.to) + DAY - 1 }));
  const focus = focusWeeks(events);
  const axis = Math.max(MIN_AXIS, events.length * AXIS_PER_EVENT);
  const earliest = Math.min(...spans.map((s) => s.from));
  const later = spans.filter((s) => s.from > focus.to);
  // Before the trip's weeks (from the first event's year) and after them (plans, later coverage): compressed.
  const stretches = [
    ...(earliest < focus.from ? [{ from: Date.UTC(new Date(earliest).getUTCFullYear(), 0, 1), to: focus.from - 1, focus: false }] : []),
    { ...focus, focus: true },
    ...(later.length ? [{ from: focus.to + 1, to: Math.max(...later.map((s) => s.to)), focus: false }] : []),
  ];
  const others = stretches.length - 1;
  const usable = axis - others * BREAK;
  let top = TOP;
  const segments: Segment[] = stretches.map(({ from, to, focus: trip }) => {
    const length = usable * (others ? (trip ? FOCUS_SHARE : (1 - FOCUS_SHARE) / others) : 1);
    const segment = { from, to, top, bottom: top + length };
    top += length + BREAK;
    return segment;
  });
  // Labels in the order of their dates, each level with its date or just below the label before it.
  const items = spans
    .map(({ e, from, to }) => {
      const y0 = place(segments, Math.max(from, segments[0].from));
      const y1 = e.precision === 'day' ? y0 : place(segments, Math.min(to, segments[segments.length - 1].to));
      return { e, y0, y1, ideal: (y0 + y1) / 2 - LINE / 2, text: `${showDate(e)} · ${e.label} ${citations(e, numbers)}` };
    })
    .sort((a, b) => a.ideal - b.ideal);
  const ys = items.map((i) => i.ideal);
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k], ys[k - 1] + LINE);
  const floor = Math.max(segments[segments.length - 1].bottom, ...ys.map((y) => y + LINE));
  const placed: Placed[] = items.map((i, k) => ({
    event: i.e,
    y0: i.y0,
    y1: i.y1,
    text: i.text,
    box: { x: LABEL_X, y: ys[k], width: labelWidth(i.text), height: LINE },
  }));
  const legend = [
    events.some((e) => !e.planned) ? 'happened' : '',
    events.some((e) => e.planned) ? 'planned' : '',
    events.some((e) => e.inferred) ? 'inferred' : '',
    events.some((e) => e.precision !== 'day') ? 'span' : '',
  ].filter(Boolean);
  const width = Math.max(1000, LABEL_X + Math.max(0, ...placed.map((p) => p.box.width)) + MARGIN);
  return { width: Math.ceil(width), height: Math.ceil(floor + MARGIN), segments, placed, legend };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tick labels are 12 px type: this far apart they never touch. */
const TICK_GAP = 16;

/**
 * Tick marks: years on a long stretch, Mondays on a short one, every first, second, fifth… as many as fit apart.
 */
function ticks(segments: Segment[]): string {
  const out: string[] = [];
  const tick = (y: number, text: string) =>
    out.push(`<line x1="${AXIS_X - 6}" y1="${y}" x2="${AXIS_X}" y2="${y}" stroke="#718096"/><text x="${AXIS_X - 10}" y="${y + 4}" text-anchor="end" class="tick">${xml(text)}</text>`);
  for (const s of segments) {
    const perMs = (s.bottom - s.top) / Math.max(1, s.to - s.from);
    const every = (unit: number) => [1, 2, 4, 5, 10, 20, 50, 100].find((n) => n * unit * perMs >= TICK_GAP) ?? 100;
    if (s.to - s.from > 120 * DAY) {
      const first = new Date(s.from).getUTCFullYear();
      const step = every(365.25 * DAY);
      for (let y = first; Date.UTC(y, 0, 1) <= s.to; y += step) if (Date.UTC(y, 0, 1) >= s.from) tick(place([s], Date.UTC(y, 0, 1)), String(y));
    } else {
      const step = every(7 * DAY);
      let shown = 0;
      for (let t = monday(s.from); t <= s.to; t += 7 * DAY * step) {
        if (t < s.from) continue;
        const d = new Date(t);
        tick(place([s], t), `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${shown++ === 0 || d.getUTCMonth() === 0 ? ` ${d.getUTCFullYear()}` : ''}`);
      }
    }
  }
  return out.join('');
}

/** Each legend entry: its mark (drawn left of the origin) and its words. */
const LEGEND: Record<string, { mark: string; text: string }> = {
  happened: { mark: `<circle cx="0" cy="-5" r="6" fill="#2b6cb0"/>`, text: 'happened' },
  planned: { mark: `<circle cx="0" cy="-5" r="6" fill="#fff" stroke="#2b6cb0" stroke-width="2"/>`, text: 'planned before it happened' },
  inferred: { mark: `<circle cx="0" cy="-5" r="6" fill="#a0aec0"/>`, text: 'date inferred from another article' },
  span: { mark: `<rect x="-4" y="-14" width="8" height="18" rx="3" fill="#90cdf4"/>`, text: 'known only to the week, month or year' },
};
/** Room between a legend mark and its words, and between entries. */
const LEGEND_GAP = { text: 12, entry: 24 };

/**
 * The timeline as an SVG: a vertical time axis at true scale within each segment (the years before, the trip's
 * weeks, anything after) with a break between segments, a dot per dated day (a bar for a week, month or year), and
 * each event's label with its citations. The legend lists only the marks the picture uses.
 */
export function timelineSvg(events: TimelineEvent[], title: string, numbers: Map<string, number>): string {
  const { width, height, segments, placed, legend } = layoutTimeline(events, numbers);
  const axis = segments
    .map((s) => `<line x1="${AXIS_X}" y1="${s.top}" x2="${AXIS_X}" y2="${s.bottom}" stroke="#a0aec0" stroke-width="2"/>`)
    .join('');
  const breaks = segments
    .slice(1)
    .map((s) => {
      const y = s.top - BREAK / 2;
      return `<path d="M${AXIS_X - 10} ${y - 2} l20 -6 M${AXIS_X - 10} ${y + 6} l20 -6" stroke="#4a5568" stroke-width="2"/>`;
    })
    .join('');
  const marks = placed
    .map(({ event: e, y0, y1, box, text }) => {
      const color = e.inferred ? '#a0aec0' : '#2b6cb0';
      const mark =
        e.precision !== 'day'
          ? `<rect x="${AXIS_X - 4}" y="${y0}" width="8" height="${y1 - y0}" rx="3" fill="#90cdf4"${e.planned ? ` stroke="${color}" stroke-dasharray="3 2"` : ''}/>`
          : e.planned
            ? `<circle cx="${AXIS_X}" cy="${y0}" r="6" fill="#fff" stroke="${color}" stroke-width="2"/>`
            : `<circle cx="${AXIS_X}" cy="${y0}" r="6" fill="${color}"/>`;
      const mid = e.precision === 'day' ? y0 : (y0 + y1) / 2;
      const textY = box.y + LINE / 2 + 5;
      return (
        `<path d="M${AXIS_X + 8} ${mid} L${LABEL_X - 40} ${mid} L${LABEL_X - 6} ${textY - 5}" fill="none" stroke="#cbd5e0"/>` +
        mark +
        `<text x="${box.x}" y="${textY}" class="label">${xml(text)}</text>`
      );
    })
    .join('');
  let x = 24;
  const legendSvg = legend
    .map((k) => {
      const { mark, text } = LEGEND[k];
      const g = `<g transform="translate(${x + 6} 82)">${mark}<text x="${LEGEND_GAP.text}" y="0" class="legend">${text}</text></g>`;
      // Sized as label type (14 px), wider than the legend's 13 px: entries never touch.
      x += LEGEND_GAP.text + labelWidth(text) + LEGEND_GAP.entry;
      return g;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<style>text{font-family:'DejaVu Sans',sans-serif;fill:#1a202c}.label{font-size:14px}.tick{font-size:12px;fill:#4a5568}.legend{font-size:13px;fill:#4a5568}.title{font-size:20px;font-weight:bold}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="24" y="44" class="title">${xml(title)}</text>` +
    legendSvg +
    axis +
    breaks +
    ticks(segments) +
    marks +
    `</svg>`
  );
}

/** Renders the timeline to PNG on the server with sharp (librsvg). */
export function timelinePng(events: TimelineEvent[], title: string, numbers: Map<string, number>): Promise<Buffer> {
  return sharp(Buffer.from(timelineSvg(events, title, numbers))).png().toBuffer();
}
