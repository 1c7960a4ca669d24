/**
 * Versioned prompt files (prompts/<name>.v<N>.md), read at run time: a `## system` and a `## user`
 * section, `{{name}}` filled in. The version goes into the request, hence into the cache key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlmMessage } from '../../llm/index.ts';

/** The repository's prompts/ folder, found above this module (sources and dist/ alike). */
export function defaultPromptDir(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'prompts');
    if (existsSync(join(candidate, 'llm-rewrite.v1.md'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('LLM prompts: no prompts/ folder found above the sanitext modules');
    folder = parent;
  }
}

export interface PromptTemplate {
  /** e.g. "llm-generalize.v1" */
  id: string;
  system: string;
  user: string;
}

export function loadPrompt(name: string, version = 1, promptDir?: string): PromptTemplate {
  const id = `${name}.v${version}`;
  const file = resolve(promptDir ?? defaultPromptDir(), `${id}.md`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`LLM prompt ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const sections = new Map<string, string>();
  const parts = source.split(/^## (system|user)[ \t]*$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) sections.set(parts[i], parts[i + 1].trim());
  const system = sections.get('system');
  const user = sections.get('user');
  if (!system || !user) throw new Error(`LLM prompt ${file}: needs a "## system" and a "## user" section`);
  return { id, system, user };
}

/** The messages of a prompt with `{{name}}` replaced (each once, left to right: values are never re-scanned). */
export function renderPrompt(template: PromptTemplate, values: Record<string, string>): LlmMessage[] {
  const fill = (text: string): string =>
    text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`LLM prompt ${template.id}: no value for {{${name}}}`);
      return value;
    });
  return [
    { role: 'system', content: `${fill(template.system)}\n(prompt ${template.id})` },
    { role: 'user', content: fill(template.user) },
  ];
}
