/** Markdown from the editor's JSON (ProseMirror nodes of Tiptap's StarterKit); unknown nodes keep their text. */
export interface RichNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: RichNode[];
}

function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

function inline(nodes: RichNode[] = []): string {
  return nodes
    .map((n) => {
      if (n.type === 'hardBreak') return '  \n';
      if (n.type !== 'text') return inline(n.content);
      const marks = (n.marks ?? []).map((m) => m.type);
      let out = marks.includes('code') ? '`' + (n.text ?? '').replace(/`/g, '\\`') + '`' : escapeText(n.text ?? '');
      if (marks.includes('bold')) out = `**${out}**`;
      if (marks.includes('italic')) out = `*${out}*`;
      if (marks.includes('strike')) out = `~~${out}~~`;
      const link = n.marks?.find((m) => m.type === 'link');
      if (link && typeof link.attrs?.href === 'string') out = `[${out}](${link.attrs.href})`;
      return out;
    })
    .join('');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line ? ' '.repeat(prefix.length) + line : line))
    .join('\n');
}

function block(node: RichNode): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content);
    case 'heading':
      return `${'#'.repeat(Math.min(6, Number(node.attrs?.level ?? 1)))} ${inline(node.content)}`;
    case 'blockquote':
      return blocks(node.content)
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'codeBlock':
      return '```' + String(node.attrs?.language ?? '') + '\n' + (node.content ?? []).map((n) => n.text ?? '').join('') + '\n```';
    case 'horizontalRule':
      return '---';
    case 'bulletList':
      return (node.content ?? []).map((item) => `- ${indent(blocks(item.content), '- ')}`).join('\n');
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1);
      return (node.content ?? [])
        .map((item, i) => {
          const prefix = `${start + i}. `;
          return prefix + indent(blocks(item.content), prefix);
        })
        .join('\n');
    }
    default:
      return node.content ? blocks(node.content) : escapeText(node.text ?? '');
  }
}

function blocks(nodes: RichNode[] = []): string {
  return nodes.map(block).join('\n\n');
}

export function toMarkdown(doc: RichNode): string {
  const text = blocks(doc.content);
  return text ? `${text}\n` : '';
}

/** A whole HTML page around the editor's HTML, titled. */
export function toHtmlPage(title: string, body: string, lang: string): string {
  const safeTitle = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!doctype html>\n<html lang="${lang}">\n<head><meta charset="utf-8"><title>${safeTitle}</title></head>\n<body>\n<h1>${safeTitle}</h1>\n${body}\n</body>\n</html>\n`;
}
