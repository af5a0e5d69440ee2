import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Inline `<script>` bodies (no src) of an HTML page. */
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * The hashes of every inline script the built site holds (Starlight's theme switch, Astro's
 * island loader), so the policy allows exactly those and no other inline script.
 */
export function inlineScriptHashes(siteDir: string | undefined): string[] {
  if (!siteDir || !existsSync(siteDir)) return [];
  const hashes = new Set<string>();
  const files = readdirSync(siteDir, { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((name) => name.endsWith('.html'))) {
    const html = readFileSync(join(siteDir, file), 'utf8');
    for (const [, body] of html.matchAll(INLINE_SCRIPT)) {
      if (body) hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

/**
 * A strict policy: scripts only from Runsheet itself or the built site's own inline scripts by
 * hash (an injected one runs nowhere), requests only back to Runsheet, no plugins, no framing.
 * Styles allow inline (Starlight sets style attributes); they cannot run code.
 */
export function contentSecurityPolicy(siteDir: string | undefined) {
  return {
    defaultSrc: ["'self'"],
    // 'wasm-unsafe-eval' lets the search (Pagefind) compile its WebAssembly; it allows no eval of
    // JavaScript, so an injected string still cannot run.
    scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...inlineScriptHashes(siteDir)],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}
