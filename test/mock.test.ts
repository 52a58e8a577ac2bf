import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockBotApi } from '../src/mock/server.js';
import { parseTelegramHtml } from '../src/mock/html.js';

let mock: MockBotApi;
beforeAll(async () => {
  mock = await new MockBotApi().start();
});
afterAll(() => mock.stop());

const call = async (method: string, body: object = {}, token = mock.token) => {
  const res = await fetch(`${mock.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; result?: unknown; error_code?: number; description?: string } };
};

describe('Telegram HTML as the Bot API parses it', () => {
  it('accepts its tags and entities and returns the visible text and its links', () => {
    expect(parseTelegramHtml('<blockquote>a &lt;b&gt; &amp; “c”</blockquote>\n<i>— <a href="https://x.y/?a=1&amp;b=2">x <b>y</b></a></i>')).toEqual({
      ok: true,
      text: 'a <b> & “c”\n— x y',
      links: [{ text: 'x y', href: 'https://x.y/?a=1&b=2' }],
    });
    expect(parseTelegramHtml('<blockquote>it cost <b>$5 billion</b> in all</blockquote>')).toEqual({ ok: true, text: 'it cost $5 billion in all', links: [] });
  });
  it.each([
    ['<script>x</script>', /Unsupported start tag "script"/],
    ['<b>open', /Can't find end tag corresponding to start tag "b"/],
    ['<b><i>x</b></i>', /Unexpected end tag/],
    ['a &nbsp; b', /Unsupported HTML entity/],
    ['<a>x</a>', /Can't find href/],
    ['<blockquote>a <blockquote>b</blockquote></blockquote>', /Can't nest blockquote/],
    ['<blockquote>a <b>b</blockquote></b>', /Unexpected end tag/],
  ])('rejects %s', (html, why) => {
    const r = parseTelegramHtml(html);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.description).toMatch(/^Bad Request: can't parse entities: /);
    expect(!r.ok && r.description).toMatch(why);
  });
});

describe('the mock Bot API over HTTP', () => {
  it('answers a wrong token with 401 and an unknown method with 404, in Telegram shape', async () => {
    expect(await call('getMe', {}, '1:wrong')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call('sendDice')).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await call('getMe')).body.result).toMatchObject({ is_bot: true, username: 'trip_test_bot' });
  });

  it('validates sendMessage as Telegram does', async () => {
    const chat = mock.userSays('hi', { userId: 77 }).chat.id;
    expect((await call('sendMessage', { chat_id: 999_999, text: 'x' })).body.description).toBe('Bad Request: chat not found');
    expect((await call('sendMessage', { chat_id: chat, text: '' })).body.description).toBe('Bad Request: message text is empty');
    expect((await call('sendMessage', { chat_id: chat, text: '<b></b>', parse_mode: 'HTML' })).body.description).toBe('Bad Request: message text is empty');
    expect((await call('sendMessage', { chat_id: chat, text: 'x'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');
    // 4096 visible characters pass even when the HTML is longer
    expect((await call('sendMessage', { chat_id: chat, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).body.ok).toBe(true);
    const broken = await call('sendMessage', { chat_id: chat, text: '<b>x', parse_mode: 'HTML' });
    expect(broken).toMatchObject({ status: 400, body: { ok: false, error_code: 400 } });
    const badButton = await call('sendMessage', { chat_id: chat, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]] } });
    expect(badButton.body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('long-polls getUpdates honouring offset, limit and timeout', async () => {
    const first = (await call('getUpdates', { timeout: 0 })).body.result as { update_id: number }[];
    const last = first[first.length - 1].update_id;
    // confirming with offset drops them; an empty queue waits for `timeout` seconds
    const t0 = Date.now();
    expect((await call('getUpdates', { offset: last + 1, timeout: 1 })).body.result).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    // a waiting poll returns as soon as an update arrives
    const waiting = call('getUpdates', { offset: last + 1, timeout: 10 });
    setTimeout(() => {
      mock.userSays('one', { userId: 78 });
      mock.userSays('two', { userId: 78 });
    }, 100);
    const got = (await waiting).body.result as { update_id: number }[];
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(got.length).toBeGreaterThanOrEqual(1);
    const limited = (await call('getUpdates', { offset: last + 1, limit: 1 })).body.result as { update_id: number }[];
    expect(limited).toHaveLength(1);
    expect(limited[0].update_id).toBe(last + 1);
    await call('getUpdates', { offset: last + 3 });
    expect(mock.unconfirmed).toBe(0);
  });

  it('tells the id of the latest update a user made', async () => {
    const said = mock.userSays('hello', { userId: 80 });
    const tapped = mock.userTaps(said.chat.id, said.message_id, 'd', 80);
    const updates = (await call('getUpdates', { timeout: 0 })).body.result as { update_id: number; callback_query?: { id: string } }[];
    expect(updates.at(-1)).toMatchObject({ update_id: mock.lastUpdateId, callback_query: { id: tapped } });
  });

  it('injects 429 with retry_after, 500 and dropped connections for the next calls', async () => {
    mock.inject({ kind: 'rate-limit', retryAfter: 3 });
    expect(await call('getMe')).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } },
    });
    mock.inject({ kind: 'server-error' });
    expect((await call('getMe')).status).toBe(500);
    mock.inject({ kind: 'drop' });
    await expect(call('getMe')).rejects.toThrow();
    expect((await call('getMe')).status).toBe(200);
  });

  it('checks callback answers and edits', async () => {
    const chat = mock.userSays('hi', { userId: 79 }).chat.id;
    const sent = (await call('sendMessage', { chat_id: chat, text: 'a', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'd' }]] } })).body
      .result as { message_id: number };
    const id = mock.userTaps(chat, sent.message_id, 'd', 79);
    expect((await call('answerCallbackQuery', { callback_query_id: id, text: 'ok' })).body.ok).toBe(true);
    expect((await call('answerCallbackQuery', { callback_query_id: id })).body.description).toMatch(/query is too old/);
    expect((await call('editMessageText', { chat_id: chat, message_id: sent.message_id, text: 'a', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'd' }]] } })).body.description).toMatch(
      /message is not modified/,
    );
    expect((await call('editMessageText', { chat_id: chat, message_id: 424242, text: 'a' })).body.description).toBe('Bad Request: message to edit not found');
    expect((await call('setMyCommands', { commands: [{ command: 'Bad Command', description: 'x' }] })).body.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });
});

describe('packing HTML into Telegram messages', () => {
  it('never cuts a tag or an entity, whatever the block sizes', async () => {
    const { packMessages } = await import('../src/telegram/format.js');
    const block = (n: number) => `<b>${'&amp; x '.repeat(n)}</b>`;
    const messages = packMessages([block(10), block(900), block(3), block(10)]);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(parseTelegramHtml(m).ok).toBe(true);
    }
    expect(messages.length).toBeGreaterThanOrEqual(2);
  });
});
