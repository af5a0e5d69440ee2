import { docsSchema } from '@astrojs/starlight/schema';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { runbookFrontmatter } from './runbooks/frontmatter.ts';
import { acceptPlainMarkdown } from './runbooks/plain-markdown.ts';

// Starlight renders the `docs` collection. Here it holds the runbooks, read from src/content/runbooks/,
// so their ids (and URLs) start with `runbooks/`.
export const collections = {
  docs: defineCollection({
    loader: acceptPlainMarkdown(
      glob({ base: './src/content', pattern: 'runbooks/**/[^_]*.{md,mdx}' }),
    ),
    schema: docsSchema({ extend: runbookFrontmatter }),
  }),
};
