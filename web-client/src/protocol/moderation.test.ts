import { describe, expect, it } from 'vitest';
import { applyCaseChanged, parseCase, reportProblem } from './moderation';

const raw = {
  id: 'c1',
  status: 'open',
  openedAt: '2026-12-03T10:00:00Z',
  resolvedAt: null,
  resolvedById: null,
  resolvedByName: null,
  item: { kind: 'post', id: 'p1', authorId: 'u1', authorName: 'Ana', text: 'Bonjour', where: 'thread', title: 'Un fil',
    context: 'vie-du-reseau', contextLabelFr: 'Vie du réseau', contextLabelEn: 'Network life', link: '/threads/t1#post-p1', hidden: false, moderated: false, deleted: false },
  reportCount: 1,
  reports: [{ reporterId: 'u2', reporterName: 'Bruno', reason: 'spam', text: null, createdAt: '2026-12-03T10:00:00Z' }],
};

describe('moderation protocol', () => {
  it('parses a case and refuses an unknown reason', () => {
    expect(parseCase(raw).item.link).toBe('/threads/t1#post-p1');
    expect(() => parseCase({ ...raw, reports: [{ ...raw.reports[0], reason: 'boring' }] })).toThrow();
  });

  it('keeps open cases in place and drops resolved ones', () => {
    const open = parseCase(raw);
    const second = parseCase({ ...raw, id: 'c2' });
    expect(applyCaseChanged([], open)).toEqual([open]);
    const counted = { ...open, reportCount: 2 };
    expect(applyCaseChanged([open, second], counted)).toEqual([counted, second]);
    expect(applyCaseChanged([open, second], { ...open, status: 'hidden' })).toEqual([second]);
  });

  it('asks a text for "other" and bounds it', () => {
    expect(reportProblem(null, '')).toBe('reason');
    expect(reportProblem('other', '  ')).toBe('textRequired');
    expect(reportProblem('spam', 'x'.repeat(1001))).toBe('textTooLong');
    expect(reportProblem('spam', '')).toBeNull();
  });
});
