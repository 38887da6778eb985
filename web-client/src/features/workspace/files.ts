/**
 * A workspace's files and links (docs/api.md "Files and links", docs/protocol.md): wire types
 * validated at runtime, and the events of the workspace stream that change them.
 */
import type { DiscussionEvent } from '../../protocol/discussion';
import { asArray, asObject, optNum, str, type Json } from '../../protocol/validate';

export interface WorkspaceFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedByName: string;
  createdAt: string;
  /** Downloads the file as an attachment. */
  url: string;
}

export interface WorkspaceLink {
  id: string;
  url: string;
  title: string;
  addedBy: string;
  addedByName: string;
  createdAt: string;
}

export interface FileLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxLinks: number;
  allowedTypes: string[];
}

export interface FilesPage {
  stream: string;
  seq: number;
  files: WorkspaceFile[];
  links: WorkspaceLink[];
  limits: FileLimits;
}

function num(o: Json, key: string, what: string): number {
  const v = optNum(o, key);
  if (v === null) throw new Error(`${what}.${key}: expected a number`);
  return v;
}

export function parseFile(value: unknown, what = 'file'): WorkspaceFile {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    name: str(o, 'name', what),
    mediaType: str(o, 'mediaType', what),
    size: num(o, 'size', what),
    sha256: str(o, 'sha256', what),
    uploadedBy: str(o, 'uploadedBy', what),
    uploadedByName: str(o, 'uploadedByName', what),
    createdAt: str(o, 'createdAt', what),
    url: str(o, 'url', what),
  };
}

export function parseLink(value: unknown, what = 'link'): WorkspaceLink {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    url: str(o, 'url', what),
    title: str(o, 'title', what),
    addedBy: str(o, 'addedBy', what),
    addedByName: str(o, 'addedByName', what),
    createdAt: str(o, 'createdAt', what),
  };
}

export function parseFilesPage(value: unknown): FilesPage {
  const o = asObject(value, 'files');
  const limits = asObject(o.limits, 'files.limits');
  return {
    stream: str(o, 'stream', 'files'),
    seq: num(o, 'seq', 'files'),
    files: asArray(o.files, 'files.files', (v, what) => parseFile(v, what)),
    links: asArray(o.links, 'files.links', (v, what) => parseLink(v, what)),
    limits: {
      maxFileBytes: num(limits, 'maxFileBytes', 'limits'),
      maxFiles: num(limits, 'maxFiles', 'limits'),
      maxLinks: num(limits, 'maxLinks', 'limits'),
      allowedTypes: asArray(limits.allowedTypes, 'limits.allowedTypes', (v, what) => {
        if (typeof v !== 'string') throw new Error(`${what}: expected a string`);
        return v;
      }),
    },
  };
}

export function withFile(page: FilesPage, file: WorkspaceFile): FilesPage {
  return page.files.some((f) => f.id === file.id) ? page : { ...page, files: [...page.files, file] };
}

export function withLink(page: FilesPage, link: WorkspaceLink): FilesPage {
  return page.links.some((l) => l.id === link.id) ? page : { ...page, links: [...page.links, link] };
}

/** Applies one event of the workspace stream; events of other kinds leave the page as it is. */
export function applyFilesEvent(page: FilesPage, event: DiscussionEvent): FilesPage {
  if (event.type !== 'other') return page;
  const raw = event.raw;
  switch (event.eventType) {
    case 'workspace.file_added':
      return withFile(page, parseFile(raw.file));
    case 'workspace.file_removed': {
      const id = str(raw, 'fileId', 'event');
      return { ...page, files: page.files.filter((f) => f.id !== id) };
    }
    case 'workspace.link_added':
      return withLink(page, parseLink(raw.link));
    case 'workspace.link_removed': {
      const id = str(raw, 'linkId', 'event');
      return { ...page, links: page.links.filter((l) => l.id !== id) };
    }
    default:
      return page;
  }
}

/** The extension a file name ends with, lower-case ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** A size for people: bytes, kilobytes or megabytes in the reader's language. */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
