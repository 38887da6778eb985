import { describe, expect, it } from 'vitest';
import { applyFilesEvent, extensionOf, formatSize, parseFilesPage, type FilesPage } from './files';

const file = {
  id: 'f1', workspaceId: 'w', name: 'Kit.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64),
  uploadedBy: 'u1', uploadedByName: 'Ana', createdAt: '2026-11-24T09:00:00Z', url: '/api/workspaces/w/files/f1',
};
const link = { id: 'l1', workspaceId: 'w', url: 'https://example.org', title: 'Site', addedBy: 'u1', addedByName: 'Ana', createdAt: '2026-11-24T09:00:00Z' };

function page(): FilesPage {
  return parseFilesPage({
    stream: 'workspace:w', seq: 3, files: [], links: [],
    limits: { maxFileBytes: 10485760, maxFiles: 200, maxLinks: 500, allowedTypes: ['pdf', 'png'] },
  });
}

const other = (raw: Record<string, unknown>) => ({ type: 'other' as const, eventType: raw.type as string, raw });

describe('applyFilesEvent', () => {
  it('adds files and links once and removes them', () => {
    let p = applyFilesEvent(page(), other({ type: 'workspace.file_added', file }));
    p = applyFilesEvent(p, other({ type: 'workspace.file_added', file }));
    p = applyFilesEvent(p, other({ type: 'workspace.link_added', link }));
    expect(p.files.map((f) => f.name)).toEqual(['Kit.pdf']);
    expect(p.links.map((l) => l.title)).toEqual(['Site']);
    p = applyFilesEvent(p, other({ type: 'workspace.file_removed', fileId: 'f1' }));
    p = applyFilesEvent(p, other({ type: 'workspace.link_removed', linkId: 'l1' }));
    expect(p.files).toEqual([]);
    expect(p.links).toEqual([]);
  });

  it('ignores the workspace events of other features', () => {
    const p = page();
    expect(applyFilesEvent(p, other({ type: 'workspace.member_removed', userId: 'u2' }))).toBe(p);
  });

  it('refuses a malformed file event', () => {
    expect(() => applyFilesEvent(page(), other({ type: 'workspace.file_added', file: { id: 'x' } }))).toThrow();
  });
});

describe('helpers', () => {
  it('finds extensions and formats sizes', () => {
    expect(extensionOf('Compte rendu.PDF')).toBe('pdf');
    expect(extensionOf('sans-extension')).toBe('');
    expect(formatSize(10 * 1024 * 1024, 'fr')).toMatch(/^10\s?Mo$/);
    expect(formatSize(1536, 'en')).toMatch(/^1\.5\s?kB$/);
  });
});
