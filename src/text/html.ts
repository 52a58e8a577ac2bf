/** Text made safe inside the Telegram HTML the bot sends (and the timeline's SVG, which escapes the same way). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
