import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRooms } from '../scripts/rooms.js';

describe('rooms (npm run rooms)', () => {
  it('src/ has no import circle, no import from a lower room to a higher one, and no room without a rank', () => {
    expect(checkRooms()).toEqual({ circles: [], upward: [], unranked: [] });
  });

  const fake = mkdtempSync(join(tmpdir(), 'rooms-'));
  afterAll(() => rmSync(fake, { recursive: true, force: true }));

  it('finds a circle, an upward arrow, a sibling arrow and an unranked room', () => {
    const write = (file: string, text: string) => (mkdirSync(join(fake, file, '..'), { recursive: true }), writeFileSync(join(fake, file), text));
    write('low/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
    write('low/b.ts', "import type { A } from './a.js';\nimport { t } from '../top/t.js';\nexport const b = t;\nexport type B = A;\n");
    write('top/t.ts', "export const t = 1;\nexport const s = import('../side/s.js');\n");
    write('side/s.ts', "import { t } from '../top/t.js';\nexport const s = t;\n");
    write('odd/o.ts', 'export {};\n');
    const report = checkRooms(fake, [['low/'], ['top/', 'side/']]);
    expect(report.circles).toEqual([
      ['low/a.ts', 'low/b.ts', 'low/a.ts'],
      ['side/s.ts', 'top/t.ts', 'side/s.ts'],
    ]);
    expect(report.upward).toEqual([
      'low/b.ts -> top/t.ts (top/ is above low/)',
      'side/s.ts -> top/t.ts (top/ and side/ are siblings)',
      'top/t.ts -> side/s.ts (side/ and top/ are siblings)',
    ]);
    expect(report.unranked).toEqual(['odd/o.ts']);
  });
});
