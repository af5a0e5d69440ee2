import { h, type Child } from '../../runbook/client/dom.ts';

/**
 * A note's Markdown as elements, never as HTML: paragraphs, `-` lists, fenced code, headings,
 * `code`, **bold**, *emphasis* and http(s) links. Anything else shows as the text it is, so a
 * note can hold no markup, script or other link scheme.
 */
export function markdownView(text: string): HTMLElement {
  const root = h('div', { class: 'rs-note-text' });
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      const code: string[] = [];
      for (i += 1; i < lines.length && !/^```/.test(lines[i]!); i += 1) code.push(lines[i]!);
      root.append(h('pre', {}, h('code', {}, code.join('\n'))));
      i += 1;
    } else if (/^\s*[-*]\s+/.test(line)) {
      const items: Child[] = [];
      for (; i < lines.length && /^\s*[-*]\s+/.test(lines[i]!); i += 1)
        items.push(h('li', {}, inline(lines[i]!.replace(/^\s*[-*]\s+/, ''))));
      root.append(h('ul', {}, items));
    } else if (/^#{1,6}\s/.test(line)) {
      root.append(h('p', {}, h('strong', {}, inline(line.replace(/^#+\s*/, '')))));
      i += 1;
    } else if (!line.trim()) {
      i += 1;
    } else {
      const paragraph: string[] = [];
      for (
        ;
        i < lines.length && lines[i]!.trim() && !/^(```|\s*[-*]\s|#{1,6}\s)/.test(lines[i]!);
        i += 1
      )
        paragraph.push(lines[i]!);
      root.append(h('p', {}, inline(paragraph.join('\n'))));
    }
  }
  return root;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;

function inline(text: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    out.push(text.slice(last, match.index));
    const [, code, bold, em, label, href] = match;
    if (code !== undefined) out.push(h('code', {}, code));
    else if (bold !== undefined) out.push(h('strong', {}, bold));
    else if (em !== undefined) out.push(h('em', {}, em));
    else out.push(h('a', { href: href!, rel: 'noopener noreferrer' }, label!));
    last = match.index + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}
