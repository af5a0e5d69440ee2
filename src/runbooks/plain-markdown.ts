import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Loader } from 'astro/loaders';

/**
 * Lets a plain Markdown runbook be dropped into the collection as it is: a file with no
 * frontmatter at all is taken as `kind: imported`, titled by its first `# heading` (else its file
 * name). Its fenced commands still become Run steps. A file that has frontmatter is validated as
 * written, so a mistake in a real runbook's frontmatter still fails the build.
 */
export function acceptPlainMarkdown(loader: Loader): Loader {
  return {
    ...loader,
    load: (context) =>
      loader.load({
        ...context,
        parseData: (entry) => {
          if (Object.keys(entry.data).length || !entry.filePath) return context.parseData(entry);
          // Raw frontmatter is untyped until the collection's schema, next, validates it.
          const data = importedFrontmatter(entry.filePath) as unknown as typeof entry.data;
          return context.parseData({ ...entry, data });
        },
      }),
  };
}

function importedFrontmatter(filePath: string) {
  const text = readFileSync(filePath, 'utf8');
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(text)?.[1];
  return { title: heading ?? basename(filePath).replace(/\.mdx?$/, ''), kind: 'imported' };
}
