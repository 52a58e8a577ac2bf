import sharp from 'sharp';
import type { TimelineEvent } from '../types.js';
import { escapeHtml } from '../text/html.js';
import { showDate } from './format.js';

// Layout in pixels. Telegram shows a photo the width of the phone's screen (about 400 points on most phones): a
// picture 1080 px wide is shown at about 0.37 of its size, so 24 px type reads as 9 points, the size of a
// phone's small print; the first picture's 14 px read as 5.
export const FONT = 24;
const LINE = 30;
const AXIS_X = 200;
const LABEL_X = 290;
const TOP = 170;
const MARGIN = 36;
/** The picture's width: the label column wraps within it. */
export const WIDTH = 1080;
/** Characters a label line holds at FONT in the label column (its width over DejaVu Sans' mean advance, 0.6 em). */
export const LABEL_LINE = Math.floor((WIDTH - LABEL_X - MARGIN) / (0.6 * FONT));
/** The trip's weeks take this share of the axis, the background years the rest: "most of the room". */
const FOCUS_SHARE = 2 / 3;
/** Room per event on the axis at least: a label of one line and a half. */
const AXIS_PER_EVENT = 1.5 * LINE;
/** The shortest axis: room for two weeks' tick marks when a filter leaves one or two events. */
const MIN_AXIS = 6 * LINE;
const BREAK = 30;
/** Bars for a week, month or year stand side by side in lanes this far apart, right of the axis. */
const LANE = 16;
/**
 * The years before the trip are drawn on a log scale of their distance from the trip, y ∝ log(1 + days / LOG_DAYS),
 * a year: on the seeds' 34 years (log 35 = 3.56) 1992 to 2008 take a sixth of the stretch (log 35 - log 19) and
 * 2021 to 2025 a half (log 6), so recent years stand apart and 1992 still fits.
 */
const LOG_DAYS = 365;

const DAY = 864e5;
const time = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const xml = escapeHtml;

/**
 * A stretch of time drawn at one scale: `from`..`to` (ms) maps onto `top`..`bottom` (px), linearly, or, for the years
 * before the trip (`log`), by the log of the distance from `to` (see LOG_DAYS).
 */
export interface Segment {
  from: number;
  to: number;
  top: number;
  bottom: number;
  log?: boolean;
}

export interface Placed {
  event: TimelineEvent;
  /** Where the event's days stand on the axis (equal for a single day). */
  y0: number;
  y1: number;
  /** The label's box. */
  box: { x: number; y: number; width: number; height: number };
  text: string;
  /** The label as drawn, a line each. */
  lines: string[];
  /** The lane of a week's, month's or year's bar (0 nearest the axis). */
  lane: number;
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
  const at = Math.min(Math.max(t, s.from), s.to);
  const back = (x: number) => Math.log1p((s.to - x) / (LOG_DAYS * DAY));
  const f = s.to <= s.from ? 0.5 : s.log ? 1 - back(at) / back(s.from) : (at - s.from) / (s.to - s.from);
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
export function labelWidth(text: string, font = FONT): number {
  let em = 0;
  for (const ch of text) {
    em += /[iljI.,:;'’‘|!()[\]]/.test(ch) ? 0.35 : ch === ' ' ? 0.32 : /[mwMW@%…—]/.test(ch) ? 1.0 : /[A-Z0-9]/.test(ch) ? 0.78 : 0.64;
  }
  return Math.ceil(em * font);
}

/** A label cut into lines at spaces, each no wider than `width` px. */
export function wrapLabel(text: string, width = WIDTH - LABEL_X - MARGIN): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && labelWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
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
  // As long as the labels stacked, so that they can stand level with their dates.
  const axis = Math.max(MIN_AXIS, events.length * AXIS_PER_EVENT, events.reduce((sum, e) => sum + wrapLabel(`${showDate(e)} · ${e.label} ${citations(e, numbers)}`).length * LINE + LINE / 3, 0));
  const earliest = Math.min(...spans.map((s) => s.from));
  const later = spans.filter((s) => s.from > focus.to);
  // Before the trip's weeks (from the first event's year) and after them (plans, later coverage): compressed.
  const stretches = [
    ...(earliest < focus.from ? [{ from: Date.UTC(new Date(earliest).getUTCFullYear(), 0, 1), to: focus.from - 1, focus: false, log: true }] : []),
    { ...focus, focus: true, log: false },
    ...(later.length ? [{ from: focus.to + 1, to: Math.max(...later.map((s) => s.to)), focus: false, log: false }] : []),
  ];
  const others = stretches.length - 1;
  const usable = axis - others * BREAK;
  let top = TOP;
  const segments: Segment[] = stretches.map(({ from, to, focus: trip, log }) => {
    const length = usable * (others ? (trip ? FOCUS_SHARE : (1 - FOCUS_SHARE) / others) : 1);
    const segment: Segment = { from, to, top, bottom: top + length, ...(log ? { log } : {}) };
    top += length + BREAK;
    return segment;
  });
  // Labels in the order of their dates, each level with its date or just below the label before it.
  const items = spans
    .map(({ e, from, to }) => {
      const y0 = place(segments, Math.max(from, segments[0].from));
      const y1 = e.precision === 'day' ? y0 : place(segments, Math.min(to, segments[segments.length - 1].to));
      const text = `${showDate(e)} · ${e.label} ${citations(e, numbers)}`;
      const lines = wrapLabel(text);
      return { e, y0, y1, text, lines, ideal: (y0 + y1) / 2 - LINE / 2 };
    })
    .sort((a, b) => a.ideal - b.ideal || a.y0 - b.y0);
  const ys = items.map((i) => i.ideal);
  const GAP = LINE / 3;
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k], ys[k - 1] + items[k - 1].lines.length * LINE + GAP);
  // Bars side by side: each in the first lane where it touches no other bar (a week inside its month stays apart).
  const lanes: { y0: number; y1: number }[][] = [];
  const laneOf = items.map((i) => {
    if (i.e.precision === 'day') return 0;
    let lane = lanes.findIndex((l) => l.every((b) => i.y1 + 4 < b.y0 || b.y1 + 4 < i.y0));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane].push({ y0: i.y0, y1: i.y1 });
    return lane;
  });
  const floor = Math.max(segments[segments.length - 1].bottom, ...ys.map((y, k) => y + items[k].lines.length * LINE));
  const placed: Placed[] = items.map((i, k) => ({
    event: i.e,
    y0: i.y0,
    y1: i.y1,
    text: i.text,
    lines: i.lines,
    lane: laneOf[k],
    box: { x: LABEL_X, y: ys[k], width: Math.max(...i.lines.map((l) => labelWidth(l))), height: i.lines.length * LINE },
  }));
  const legend = [
    events.some((e) => !e.planned) ? 'happened' : '',
    events.some((e) => e.planned) ? 'planned' : '',
    events.some((e) => e.inferred) ? 'inferred' : '',
    events.some((e) => e.precision !== 'day') ? 'span' : '',
  ].filter(Boolean);
  const width = Math.max(WIDTH, LABEL_X + Math.max(0, ...placed.map((p) => p.box.width)) + MARGIN);
  return { width: Math.ceil(width), height: Math.ceil(floor + MARGIN), segments, placed, legend };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tick labels are 20 px type: this far apart they never touch. */
const TICK_GAP = 26;

/**
 * Tick marks: years on a long stretch (on the log stretch every year that fits apart from the one after it, the
 * latest first), Mondays on a short one, every first, second, fifth… as many as fit apart.
 */
function ticks(segments: Segment[]): string {
  const out: string[] = [];
  const tick = (y: number, text: string) =>
    out.push(`<line x1="${AXIS_X - 8}" y1="${y}" x2="${AXIS_X}" y2="${y}" stroke="#718096"/><text x="${AXIS_X - 12}" y="${y + 7}" text-anchor="end" class="tick">${xml(text)}</text>`);
  for (const s of segments) {
    const perMs = (s.bottom - s.top) / Math.max(1, s.to - s.from);
    const every = (unit: number) => [1, 2, 4, 5, 10, 20, 50, 100].find((n) => n * unit * perMs >= TICK_GAP) ?? 100;
    if (s.log) {
      let last = Number.POSITIVE_INFINITY;
      for (let y = new Date(s.to).getUTCFullYear(); Date.UTC(y, 0, 1) >= s.from; y--) {
        const at = place([s], Date.UTC(y, 0, 1));
        if (last - at >= TICK_GAP && at - s.top >= -1) {
          tick(at, String(y));
          last = at;
        }
      }
    } else if (s.to - s.from > 120 * DAY) {
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
  happened: { mark: `<circle cx="0" cy="-7" r="9" fill="#2b6cb0"/>`, text: 'happened' },
  planned: { mark: `<circle cx="0" cy="-7" r="9" fill="#fff" stroke="#2b6cb0" stroke-width="3"/>`, text: 'planned' },
  inferred: { mark: `<circle cx="0" cy="-7" r="9" fill="#a0aec0"/>`, text: 'date inferred' },
  span: { mark: `<rect x="-5" y="-19" width="10" height="24" rx="3" fill="#90cdf4"/>`, text: 'week, month or year' },
};
/** Room between a legend mark and its words, and between entries. */
const LEGEND_GAP = { text: 16, entry: 28 };

/**
 * The timeline as an SVG: a vertical time axis at true scale within each segment (the years before, the trip's
 * weeks, anything after) with a break between segments, a dot per dated day (a bar for a week, month or year), and
 * each event's label with its citations. The legend lists only the marks the picture uses.
 */
export function timelineSvg(events: TimelineEvent[], title: string, numbers: Map<string, number>): string {
  const { width, height, segments, placed, legend } = layoutTimeline(events, numbers);
  const axis = segments
    .map((s) => `<line x1="${AXIS_X}" y1="${s.top}" x2="${AXIS_X}" y2="${s.bottom}" stroke="#a0aec0" stroke-width="3"${s.log ? ' stroke-dasharray="10 4"' : ''}/>`)
    .join('');
  const breaks = segments
    .slice(1)
    .map((s) => {
      const y = s.top - BREAK / 2;
      return `<path d="M${AXIS_X - 12} ${y - 2} l24 -7 M${AXIS_X - 12} ${y + 8} l24 -7" stroke="#4a5568" stroke-width="3"/>`;
    })
    .join('');
  const marks = placed
    .map(({ event: e, y0, y1, box, lines, lane }) => {
      const color = e.inferred ? '#a0aec0' : '#2b6cb0';
      const barX = AXIS_X + 10 + lane * LANE;
      const mark =
        e.precision !== 'day'
          ? `<rect x="${barX}" y="${y0}" width="10" height="${Math.max(4, y1 - y0)}" rx="3" fill="#90cdf4" stroke="${color}"${e.planned ? ` stroke-dasharray="4 3"` : ''}/>`
          : e.planned
            ? `<circle cx="${AXIS_X}" cy="${y0}" r="8" fill="#fff" stroke="${color}" stroke-width="3"/>`
            : `<circle cx="${AXIS_X}" cy="${y0}" r="8" fill="${color}"/>`;
      const mid = e.precision === 'day' ? y0 : (y0 + y1) / 2;
      const from = e.precision === 'day' ? AXIS_X + 10 : barX + 12;
      const textY = box.y + LINE / 2 + 8;
      const tspans = lines.map((l, k) => `<tspan x="${box.x}" y="${textY + k * LINE}">${xml(l)}</tspan>`).join('');
      return (
        `<path d="M${from} ${mid} L${LABEL_X - 24} ${mid} L${LABEL_X - 6} ${textY - 8}" fill="none" stroke="#cbd5e0" stroke-width="2"/>` +
        mark +
        `<text class="label">${tspans}</text>`
      );
    })
    .join('');
  let x = 24;
  const legendSvg = legend
    .map((k) => {
      const { mark, text } = LEGEND[k];
      const g = `<g transform="translate(${x + 9} 118)">${mark}<text x="${LEGEND_GAP.text}" y="0" class="legend">${text}</text></g>`;
      // Sized as label type (24 px), wider than the legend's 22 px: entries never touch.
      x += LEGEND_GAP.text + labelWidth(text) + LEGEND_GAP.entry;
      return g;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<style>text{font-family:'DejaVu Sans',sans-serif;fill:#1a202c}.label{font-size:${FONT}px}.tick{font-size:20px;fill:#4a5568}.legend{font-size:22px;fill:#4a5568}.title{font-size:34px;font-weight:bold}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="24" y="60" class="title">${xml(title)}</text>` +
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
