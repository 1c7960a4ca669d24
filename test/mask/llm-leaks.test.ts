import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecognizer } from '../../src/detect/index.ts';
import { loadPrompt, maskLeaks, renderPrompt } from '../../src/mask/llm/index.ts';

describe('maskLeaks', () => {
  it('finds originals in any case and spacing, as whole words only', async () => {
    const output = 'ANNA  berg met Annabel in oslo; Bergen is not Berg.';
    const { text, leaks } = await maskLeaks(output, [
      { text: 'Anna Berg', entityType: 'PERSON' },
      { text: 'Oslo', entityType: 'LOC' },
      { text: 'Berg', entityType: 'PERSON' },
    ]);
    expect(text).toBe('[PERSON] met Annabel in [LOC]; Bergen is not [PERSON].');
    expect(leaks.map((l) => [text.slice(l.start, l.end), l.foundBy])).toEqual([['[PERSON]', 'search'], ['[LOC]', 'search'], ['[PERSON]', 'search']]);
  });

  it('leaves a lone initial alone and masks the recognizer span that holds an original', async () => {
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const output = 'J. wrote on 12 May 2019 to Dr Michael Linder.';
    const { text, leaks } = await maskLeaks(output, [{ text: 'J', entityType: 'PERSON' }, { text: 'Linder', entityType: 'PERSON' }, { text: '12 May 2019', entityType: 'DATETIME' }], recognizer);
    expect(text.startsWith('J. wrote on [DATETIME] to ')).toBe(true);
    expect(text).not.toContain('Linder');
    expect(leaks.some((l) => l.foundBy === 'recognizer')).toBe(true);
  });

  it('changes nothing when no original is there', async () => {
    expect(await maskLeaks('a man wrote to a court', [{ text: 'Anna Berg', entityType: 'PERSON' }])).toEqual({ text: 'a man wrote to a court', leaks: [] });
  });
});

describe('prompt files', () => {
  it('loads the versioned prompts of the repository and fills them', () => {
    for (const name of ['llm-fictional', 'llm-generalize', 'llm-rewrite']) {
      const messages = renderPrompt(loadPrompt(name), { text: 'T', entities: 'E' });
      expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(messages[0].content).toContain(`(prompt ${name}.v1)`);
      expect(messages[1].content).not.toMatch(/\{\{\w+\}\}/);
    }
  });

  it('names the file and what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanitext-prompts-'));
    try {
      expect(() => loadPrompt('llm-rewrite', 2, dir)).toThrow(/llm-rewrite\.v2\.md: cannot read it \(ENOENT\)/);
      writeFileSync(join(dir, 'llm-rewrite.v2.md'), '## user\nRewrite {{text}}\n');
      expect(() => loadPrompt('llm-rewrite', 2, dir)).toThrow(/llm-rewrite\.v2\.md: needs a "## system" and a "## user" section/);
      writeFileSync(join(dir, 'llm-rewrite.v2.md'), '## system\nS\n## user\nRewrite {{txt}} ({{text}})\n');
      expect(() => renderPrompt(loadPrompt('llm-rewrite', 2, dir), { text: 'T' })).toThrow(/no value for \{\{txt\}\}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
