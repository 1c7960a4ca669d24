/**
 * The web page in a real browser: Debian's chromium driven by puppeteer-core (which never downloads a browser).
 * Skipped, with a message, where no chromium binary is installed (`.ci/run` installs it).
 * Screenshots of the main states go to $SANITEXT_SCREENSHOTS (default out/page-screenshots/).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenService, type Service } from '../../src/service/index.ts';
import { LETTER, serviceWith } from './helpers.ts';

/** $SANITEXT_CHROMIUM, else chromium (or chromium-browser) on the PATH. */
function findChromium(): string | undefined {
  const given = process.env.SANITEXT_CHROMIUM;
  if (given) return existsSync(given) ? given : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
const SCREENSHOTS = resolve(process.env.SANITEXT_SCREENSHOTS ?? 'out/page-screenshots');
if (!CHROMIUM) console.warn('page.browser.test.ts: skipped — no chromium binary found (apt-get install chromium, or set $SANITEXT_CHROMIUM)');

describe.skipIf(!CHROMIUM)('the web page in Chromium (skipped when no chromium binary is installed)', () => {
  let service: Service;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const offLoopback: string[] = [];
  const consoleErrors: string[] = [];
  const failedResponses: string[] = [];

  beforeAll(async () => {
    service = await serviceWith();
    origin = await listenService(service, '127.0.0.1', 0, undefined);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') return void request.continue();
      offLoopback.push(request.url());
      void request.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    // The console's "Failed to load resource" does not say which: name it.
    page.on('response', (response) => {
      if (response.status() >= 400) failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
  });

  /** Presses Tab until the element with this id has the focus: it must be reachable from the keyboard. */
  async function tabTo(id: string): Promise<void> {
    for (let presses = 0; presses < 40; presses++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`#${id} not reached with the Tab key`);
  }

  const statusText = () => page.$eval('#status', (element) => element.textContent ?? '');
  const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('goes from pasted text to highlighted spans, sanitized output and the restored original, by keyboard', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'networkidle0' });
    await screenshot('1-empty');
    // Everything the keyboard reaches has a name a screen reader can say.
    const unnamed = await page.$$eval('button, input, textarea, [tabindex="0"]', (elements) =>
      elements.filter((element) => !(element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || (element.id && document.querySelector(`label[for="${element.id}"]`)) || element.textContent?.trim())).map((element) => element.id));
    expect(unnamed).toEqual([]);

    // Paste: the text lands in the textarea as one input, as a paste does.
    await tabTo('input');
    await page.keyboard.sendCharacter(LETTER);
    expect(await page.$eval('#input', (element) => (element as HTMLTextAreaElement).value)).toBe(LETTER);

    // Detect: every span the API reports is shown, typed, with its confidence on hover.
    await tabTo('detect');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /span\(s\) detected/.test(document.getElementById('status')?.textContent ?? ''));
    const assessed = (await (await fetch(`${origin}/api/assess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: LETTER }) })).json()) as {
      spans: { entityType: string; start: number; end: number; confidence: number }[];
    };
    const marks = await page.$$eval('#highlighted mark', (elements) => elements.map((mark) => ({ text: mark.textContent ?? '', classes: [...mark.classList], title: mark.title, label: mark.getAttribute('aria-label') ?? '', tabIndex: mark.tabIndex })));
    const letter = Array.from(LETTER);
    expect(assessed.spans.length).toBeGreaterThan(0);
    expect(marks).toHaveLength(assessed.spans.length);
    for (const span of assessed.spans) {
      const text = letter.slice(span.start, span.end).join('');
      const mark = marks.find((candidate) => candidate.text === text);
      expect(mark, `a mark for the ${span.entityType} span at ${span.start}`).toBeDefined();
      expect(mark!.classes).toContain(span.entityType);
      expect(mark!.title).toContain(`${span.entityType}`);
      expect(mark!.title).toContain(`confidence ${span.confidence.toFixed(2)}`);
      expect(mark!.label).toContain(mark!.title);
      expect(mark!.tabIndex).toBe(0);
    }
    expect(await page.$eval('#highlighted', (element) => element.textContent)).toBe(LETTER);
    const legend = await page.$$eval('#legend mark', (elements) => elements.map((mark) => mark.textContent));
    expect(legend).toEqual([...new Set(assessed.spans.map((span) => span.entityType))].sort());
    // WCAG AA contrast (4.5:1) for the highlighted spans, the legend and the status line.
    const lowContrast = await page.$$eval('#highlighted mark, #legend mark, #status, h2, label', (elements) => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) =>
        [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const backgroundOf = (element: Element | null): number[] => {
        for (let at = element; at; at = at.parentElement) {
          const background = rgb(getComputedStyle(at).backgroundColor);
          if (background.length === 3 || background[3] > 0) return background;
        }
        return [255, 255, 255];
      };
      return elements.flatMap((element) => {
        const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(backgroundOf(element))].sort((a, b) => b - a);
        const ratio = (light + 0.05) / (dark + 0.05);
        return ratio < 4.5 ? [`${element.id || element.className || element.tagName}: ${ratio.toFixed(2)}`] : [];
      });
    });
    expect(lowContrast).toEqual([]);
    await page.hover('#highlighted mark');
    await screenshot('2-detected');

    // Sanitize: placeholders, and none of the detected text.
    await tabTo('sanitize');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /region\(s\) replaced/.test(document.getElementById('status')?.textContent ?? ''));
    const output = await page.$eval('#output', (element) => element.textContent ?? '');
    expect(output.match(/\[[A-Z]+_\d+\]/g)?.length).toBe(assessed.spans.length);
    for (const mark of marks) expect(output).not.toContain(mark.text);
    expect(await page.$eval('#download-mapping', (element) => (element as HTMLButtonElement).disabled)).toBe(false);
    expect(await page.$eval('#restore-input', (element) => (element as HTMLTextAreaElement).value)).toBe(output);
    await screenshot('3-sanitized');

    // Restore: the mapping of the sanitization gives the original back.
    await tabTo('restore');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.getElementById('restored')?.textContent ?? '') !== '');
    expect(await page.$eval('#restored', (element) => element.textContent)).toBe(LETTER);
    expect(await statusText()).toMatch(/placeholder\(s\) restored/);
    await screenshot('4-restored');

    expect(offLoopback).toEqual([]);
    expect(failedResponses).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('sanitizes with the strategy chosen for a type by keyboard in the legend', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'networkidle0' });
    await tabTo('input');
    await page.keyboard.sendCharacter(LETTER);
    await tabTo('detect');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('strategy-CODE') !== null);
    // The select is named by its label, and the arrow keys choose its option.
    expect(await page.$eval('label[for="strategy-CODE"]', (element) => element.textContent)).toBe('CODE strategy');
    await tabTo('strategy-CODE');
    for (let presses = 0; presses < 20 && (await page.$eval('#strategy-CODE', (element) => (element as HTMLSelectElement).value)) !== 'redact'; presses++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.$eval('#strategy-CODE', (element) => (element as HTMLSelectElement).value)).toBe('redact');
    await tabTo('sanitize');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /region\(s\) replaced/.test(document.getElementById('status')?.textContent ?? ''));
    const output = await page.$eval('#output', (element) => element.textContent ?? '');
    expect(output).toContain('***');
    expect(output).not.toMatch(/\[CODE_\d+\]/);
    expect(output).toMatch(/\[PERSON_\d+\]/);
    expect(output).not.toContain('john.smith');
    await screenshot('6-strategy-chosen');
    expect(failedResponses).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('shows an API error in the status line, not as a console error', async () => {
    consoleErrors.length = 0;
    failedResponses.length = 0;
    await page.goto(`${origin}/`, { waitUntil: 'networkidle0' });
    await tabTo('restore');
    await page.keyboard.press('Enter');
    expect(await page.$eval('#status', (element) => element.className)).toBe('error');
    expect(await statusText()).toMatch(/mapping/);
    await screenshot('5-restore-without-mapping');
    expect(offLoopback).toEqual([]);
    expect(failedResponses).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
