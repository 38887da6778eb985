import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogs } from './catalogs';

const fr = catalogs.fr;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('translation keys', () => {
  it('every literal t() key used in the code exists', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const file of sources(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) {
        if (!(match[1] in fr)) missing.push(`${match[1]} (${file.slice(root.length + 1)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every role, status and connection state has a label', () => {
    const prefixes = {
      role: ['administrator', 'facilitator', 'member', 'guest'],
      invitationStatus: ['pending', 'accepted', 'revoked', 'expired'],
      mailStatus: ['kept', 'pending', 'sent', 'failed'],
      connection: ['connecting', 'online', 'offline'],
      'invitation.unusable': ['expired', 'used', 'revoked', 'other'],
    };
    const missing = Object.entries(prefixes).flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((key) => !(key in fr)),
    );
    expect(missing).toEqual([]);
  });
});
