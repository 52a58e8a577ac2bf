"""Which tokenizer pieces the bot keeps, and the tokenizer.json that holds only them.

A Unigram tokenizer segments a text with the pieces that match it; a piece made only of characters that never
occur in the (normalised) text can never be chosen. So keeping every piece whose characters all lie in the
scripts the bot meets, with the specials, changes no segmentation of a text written in those scripts: the text's
ids map one to one. Pieces the articles use (any script) are kept too."""
import json
import unicodedata

# Characters a text in the bot's languages can hold after the tokenizer's normalisation (NFKC), with '▁' (the
# tokenizer's word start). English and Azerbaijani (Latin), Russian (Cyrillic), Armenian.
ASCII = {chr(c) for c in range(0x20, 0x7F)}
AZERBAIJANI = set('əƏğĞıİöÖüÜşŞçÇ')
RUSSIAN = {chr(c) for c in range(0x410, 0x450)} | set('ёЁ')
ARMENIAN = {chr(c) for c in range(0x531, 0x590)}  # letters, punctuation (։ ՞ ՝ ՛ ՜) and the dram sign ֏
# Punctuation and signs of news text: general punctuation (dashes, quotes, bullets), Latin-1's signs (« » ° § ·),
# currency signs (₽ €), × ÷.
PUNCTUATION = {chr(c) for c in range(0x2010, 0x2070)} | {chr(c) for c in range(0xA0, 0xC0)} | set('×÷') \
    | {chr(c) for c in range(0x20A0, 0x20C1)}
META = '▁'
WRITTEN = ASCII | AZERBAIJANI | RUSSIAN | ARMENIAN | PUNCTUATION
# and what the tokenizer's normalisation (NFKC) turns them into: µ into Greek μ, ¨ ´ ¸ ¯ into combining marks
ALLOWED = WRITTEN | {n for c in WRITTEN for n in unicodedata.normalize('NFKC', c)} | {META}
SCRIPTS = 'ASCII, Azerbaijani letters (ə ğ ı İ ö ü ş ç, both cases), Russian Cyrillic (А–я, Ё ё), the Armenian ' \
    'block (U+0531–U+058F), general punctuation (U+2010–U+206F), Latin-1 signs (U+00A0–U+00BF), × ÷, currency ' \
    'signs (U+20A0–U+20C0), what NFKC makes of them (μ, combining ¨ ´ ¸ ¯), and ▁'


def keep_ids(tok, used_ids):
    """Old ids to keep, ascending: specials, pieces within ALLOWED, the ids in used_ids, and the lowest-scored piece
    (transformers.js scores an unknown character at the lowest score minus 10: keeping it keeps that score)."""
    vocab = tok['model']['vocab']
    special = {t['id'] for t in tok['added_tokens']}
    script = {i for i, (p, _) in enumerate(vocab) if set(p) <= ALLOWED}
    lowest = min(range(len(vocab)), key=lambda i: (vocab[i][1], i))
    keep = sorted(special | script | set(used_ids) | {lowest})
    why = dict(special=len(special), script=len(script), articles_extra=len(set(used_ids) - script - special),
               lowest_score_piece=vocab[lowest][0], lowest_score=vocab[lowest][1])
    return keep, why


def trimmed_tokenizer(tok, keep):
    """tok with only the kept pieces, ids renumbered in the old order; scores, specials and settings unchanged."""
    new_id = {old: new for new, old in enumerate(keep)}
    out = json.loads(json.dumps(tok))
    out['model']['vocab'] = [tok['model']['vocab'][i] for i in keep]
    out['model']['unk_id'] = new_id[tok['model']['unk_id']]
    for t in out['added_tokens']:
        t['id'] = new_id[t['id']]
    for name, st in out['post_processor'].get('special_tokens', {}).items():
        st['ids'] = [new_id[i] for i in st['ids']]
    return out, new_id
