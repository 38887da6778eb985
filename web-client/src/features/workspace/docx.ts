/**
 * A Word document (DOCX) from the editor's JSON (ProseMirror nodes of Tiptap's StarterKit),
 * built in the browser with the `docx` library; loaded only when someone exports.
 */
import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import type { RichNode } from './markdown';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const LEVELS = 6;

interface Context {
  list?: { reference: 'bullets' | 'numbers'; level: number; instance: number };
  quote?: boolean;
}

type Run = TextRun | ExternalHyperlink;

function runs(nodes: RichNode[] = []): Run[] {
  return nodes.flatMap((n): Run[] => {
    if (n.type === 'hardBreak') return [new TextRun({ text: '', break: 1 })];
    if (n.type !== 'text') return runs(n.content);
    const marks = (n.marks ?? []).map((m) => m.type);
    const link = n.marks?.find((m) => m.type === 'link');
    const href = typeof link?.attrs?.href === 'string' && /^(https?:|mailto:)/i.test(link.attrs.href) ? link.attrs.href : null;
    const run = new TextRun({
      text: n.text ?? '',
      bold: marks.includes('bold') || undefined,
      italics: marks.includes('italic') || undefined,
      strike: marks.includes('strike') || undefined,
      font: marks.includes('code') ? 'Courier New' : undefined,
      style: href ? 'Hyperlink' : undefined,
    });
    return href ? [new ExternalHyperlink({ link: href, children: [run] })] : [run];
  });
}

class Writer {
  private lists = 0;

  paragraphs(nodes: RichNode[] = [], ctx: Context = {}): Paragraph[] {
    return nodes.flatMap((node) => this.block(node, ctx));
  }

  private paragraph(children: Run[], ctx: Context, extra: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {}): Paragraph {
    return new Paragraph({
      children,
      numbering: ctx.list ? { reference: ctx.list.reference, level: ctx.list.level, instance: ctx.list.instance } : undefined,
      indent: ctx.quote && !ctx.list ? { left: 720 } : undefined,
      ...extra,
    });
  }

  private block(node: RichNode, ctx: Context): Paragraph[] {
    switch (node.type) {
      case 'paragraph':
        return [this.paragraph(runs(node.content), ctx)];
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1)));
        return [this.paragraph(runs(node.content), ctx, { heading: HEADINGS[level - 1] })];
      }
      case 'blockquote':
        return this.paragraphs(node.content, { ...ctx, quote: true });
      case 'codeBlock': {
        const lines = (node.content ?? []).map((n) => n.text ?? '').join('').split('\n');
        return [this.paragraph(lines.map((line, i) => new TextRun({ text: line, font: 'Courier New', break: i > 0 ? 1 : undefined })), ctx)];
      }
      case 'horizontalRule':
        return [new Paragraph({ thematicBreak: true, children: [] })];
      case 'bulletList':
      case 'orderedList': {
        const reference = node.type === 'bulletList' ? 'bullets' : 'numbers';
        const level = Math.min(LEVELS - 1, ctx.list ? ctx.list.level + 1 : 0);
        const list = { reference, level, instance: ++this.lists } as const;
        return (node.content ?? []).flatMap((item) => this.paragraphs(item.content, { ...ctx, list }));
      }
      default:
        return node.content ? this.paragraphs(node.content, ctx) : [];
    }
  }
}

function levels(format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) {
  return Array.from({ length: LEVELS }, (_, level) => ({
    level,
    format,
    text: text(level),
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
}

export function toDocxDocument(title: string, doc: RichNode): Document {
  return new Document({
    creator: 'Maillage',
    title,
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(LevelFormat.BULLET, () => '•') },
        { reference: 'numbers', levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
      ],
    },
    sections: [{ children: new Writer().paragraphs(doc.content) }],
  });
}

export function toDocx(title: string, doc: RichNode): Promise<Blob> {
  return Packer.toBlob(toDocxDocument(title, doc));
}
