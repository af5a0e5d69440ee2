import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { canonicalJson, sha256 } from '../../server/audit/record.ts';
import {
  STEPS_MANIFEST,
  type ManifestStep,
  type StepManifest,
} from '../../server/steps/declared-steps.ts';
import { readStep } from './step.ts';

/**
 * Writes the step manifest after the build: every `<runsheet-run>` of every built page, read
 * back from the HTML itself, so the manifest is exactly what is deployed — steps from `<Run>`
 * components and from plain fenced blocks alike.
 */
export function stepsManifest(): AstroIntegration {
  return {
    name: 'runsheet-steps-manifest',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const siteDir = fileURLToPath(dir);
        const manifest = manifestOf(siteDir);
        writeFileSync(join(siteDir, STEPS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        logger.info(
          `${manifest.steps.length} runnable steps, runbook version ${manifest.version.slice(0, 12)}`,
        );
      },
    },
  };
}

export function manifestOf(siteDir: string): StepManifest {
  const steps: ManifestStep[] = [];
  for (const file of htmlFiles(siteDir)) {
    const page = relative(siteDir, file)
      .split(sep)
      .join('/')
      .replace(/(^|\/)index\.html$/, '')
      .replace(/\.html$/, '');
    const seen = new Set<string>();
    for (const attributes of stepTags(readFileSync(file, 'utf8'))) {
      const { id, action, args, params, command, previewOnly } = readStep(attributes);
      if (seen.has(id)) continue; // the same step twice on a page is one step
      seen.add(id);
      steps.push({
        page,
        id,
        action,
        args,
        params,
        command,
        ...(previewOnly ? { previewOnly: true as const } : {}),
      });
    }
  }
  steps.sort((a, b) => (a.page + a.id < b.page + b.id ? -1 : 1));
  return { version: sha256(canonicalJson(steps)), steps };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The attributes of each `<runsheet-run …>` opening tag: markup Runsheet itself rendered. */
export function stepTags(html: string): Record<string, string>[] {
  const tag = /<runsheet-run((?:\s+[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/g;
  return [...html.matchAll(tag)].map(([, attributes]) =>
    Object.fromEntries(
      [...attributes!.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)].map(
        ([, name, double, single, bare]) => [name!, decodeEntities(double ?? single ?? bare ?? '')],
      ),
    ),
  );
}

const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1]?.toLowerCase() === 'x' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return String.fromCodePoint(code);
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}
