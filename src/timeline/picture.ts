import sharp from 'sharp';
import type { TimelineEvent } from '../types.js';
import { escapeHtml } from '../answer/reply.js';
import { shortLabel, showDate } from './format.js';

const ROW = 34;
const TOP = 70;
const WIDTH = 1000;
const AXIS_X = 200;

// Text in SVG needs the same four escapes as Telegram HTML.
const xml = escapeHtml;

/**
 * The timeline as an SVG: a vertical axis, one dot per event in date order (evenly spaced, since the events
 * range from 1992 to 2026 and bunch up at the end), the date left of the axis and a short label right of it.
 * Planned events have hollow dots.
 */
export function timelineSvg(events: TimelineEvent[], title: string): string {
  const height = TOP + events.length * ROW + 30;
  const rows = events.map((e, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const dot = e.planned
      ? `<circle cx="${AXIS_X}" cy="${y}" r="6" fill="#fff" stroke="#2b6cb0" stroke-width="2"/>`
      : `<circle cx="${AXIS_X}" cy="${y}" r="6" fill="#2b6cb0"/>`;
    return (
      `${dot}<text x="${AXIS_X - 16}" y="${y + 5}" text-anchor="end" class="date">${xml(showDate(e))}</text>` +
      `<text x="${AXIS_X + 16}" y="${y + 5}" class="label">${xml(shortLabel(e.text))}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">` +
    `<style>text{font-family:'DejaVu Sans',sans-serif;fill:#1a202c}.date{font-size:14px;font-weight:bold}.label{font-size:14px}.title{font-size:20px;font-weight:bold}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="24" y="40" class="title">${xml(title)}</text>` +
    `<line x1="${AXIS_X}" y1="${TOP}" x2="${AXIS_X}" y2="${height - 20}" stroke="#a0aec0" stroke-width="2"/>` +
    rows.join('') +
    `</svg>`
  );
}

/** Renders the timeline to PNG on the server with sharp (librsvg). */
export function timelinePng(events: TimelineEvent[], title: string): Promise<Buffer> {
  return sharp(Buffer.from(timelineSvg(events, title))).png().toBuffer();
}
