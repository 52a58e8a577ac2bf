/** The Telegram HTML the bot sends, as plain text (quotes indented, links spelled out); bold and italics in colour for a terminal (`ask`, the demo). */
export function htmlToTerminal(html: string, colour = false): string {
  const style = (code: string) => (colour ? `\x1b[${code}m` : '');
  return html
    .replace(/<blockquote>([\s\S]*?)<\/blockquote>/g, (_, q: string) =>
      q
        .split('\n')
        .map((l) => `  │ ${l}`)
        .join('\n'),
    )
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_, href: string, text: string) => `${text} (${href})`)
    .replace(/<b>([\s\S]*?)<\/b>/g, `${style('1')}$1${style('0')}`)
    .replace(/<i>([\s\S]*?)<\/i>/g, `${style('2')}$1${style('0')}`)
    .replace(/<code>([\s\S]*?)<\/code>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
