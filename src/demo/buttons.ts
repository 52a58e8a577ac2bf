import type { SentMessage } from '../mock/messages.js';

/** A button the demo shows as [n]: a person types n to tap it. */
export interface Button {
  message: SentMessage;
  data: string;
  text: string;
}

/**
 * A message's buttons as the terminal shows them: a line per keyboard row, as Telegram lays them out, each button
 * numbered on from `first`. The number typed to tap a button is the one printed here, so the two cannot differ.
 * Only buttons that call back to the bot can be tapped (the bot sends no link buttons).
 */
export function keyboardLines(message: SentMessage, first: number): { lines: string[]; buttons: Button[] } {
  const buttons: Button[] = [];
  const lines: string[] = [];
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    const shown: string[] = [];
    for (const b of row) {
      if (!('callback_data' in b) || !b.callback_data) continue;
      buttons.push({ message, data: b.callback_data, text: b.text });
      shown.push(`[${first + buttons.length - 1}] ${b.text}`);
    }
    if (shown.length) lines.push(shown.join('   '));
  }
  return { lines, buttons };
}

/** What the demo says to a number with no button behind it, given how many buttons the last reply has. */
export function noSuchButton(buttons: number): string {
  if (buttons === 0) return '(No buttons under the last reply.)';
  if (buttons === 1) return "(There's only one button: type 1.)";
  return `(There are ${buttons} buttons: type 1 to ${buttons}.)`;
}
