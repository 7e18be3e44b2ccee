import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runDrill } from '../src/drill/runDrill';
import { renderHtml } from '../src/drill/report/html';
import type { DrillOptions } from '../src/drill/cli';
import './support/drill';

const CHROMIUM = '/usr/bin/chromium';

/** Whether the real-browser test runs: always in CI (a missing browser fails it), else if Chromium is there. */
function requireChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`CI must have ${CHROMIUM} (apt-get install chromium) for the report test`);
  console.warn(`Skipping the report.html rendering test: ${CHROMIUM} is missing (apt-get install chromium).`);
  return false;
}

const options: DrillOptions = {
  scenarios: ['region-failover', 'failback'],
  list: false,
  faults: [],
  seed: 1,
  dryRun: false,
  json: false,
  live: false,
  yes: false,
  help: false,
};

describe.runIf(requireChromium())('report.html in a real headless Chromium', () => {
  it('draws every scenario’s steps on a timeline', async () => {
    // Prepare: a real drill's report, rendered to a file.
    const { report } = (await runDrill(options))._unsafeUnwrap();
    const dir = await mkdtemp(path.join(tmpdir(), 'drill-html-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, renderHtml(report));
    // A fresh profile directory (Playwright passes it as --user-data-dir).
    const browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();

      // Act: open it and take a screenshot.
      await page.goto(pathToFileURL(file).href);
      const screenshot = await page.screenshot({ fullPage: true });

      // Assess: one timeline per scenario, each step a bar with a real size …
      expect(await page.locator('section[data-scenario]').count()).toBe(2);
      const bars = await page.locator('rect.step').evaluateAll((rects) =>
        rects.map((r) => {
          const box = r.getBoundingClientRect();
          return { width: box.width, height: box.height };
        }),
      );
      const steps = report.scenarios.reduce((n, s) => n + s.steps.length, 0);
      expect(bars).toHaveLength(steps);
      expect(bars.every((b) => b.width > 0 && b.height > 0)).toBe(true);
      expect(await page.locator('rect.operation').count()).toBeGreaterThan(0);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/2\/2 scenarios passed/);
      // … and the screenshot really shows them: decode it in the browser and count the pixels
      // that are neither the page background nor text-grey — the bars' blue.
      const pixels = await page.evaluate(async (png) => {
        // Runs in the page (the test's tsconfig has no DOM types: the few used are declared here).
        const dom = globalThis as unknown as {
          Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
          document: {
            createElement(tag: 'canvas'): {
              width: number;
              height: number;
              getContext(kind: '2d'): {
                drawImage(image: unknown, x: number, y: number): void;
                getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
              } | null;
            };
          };
        };
        const img = new dom.Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = dom.document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const data = g.getImageData(0, 0, img.width, img.height).data;
        let nonBackground = 0;
        let barBlue = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, gr, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          if (r < 250 || gr < 250 || b < 250) nonBackground++;
          if (b > 150 && r < 120 && b - r > 60) barBlue++;
        }
        return { nonBackground, barBlue, total: data.length / 4 };
      }, screenshot.toString('base64'));
      expect(pixels.nonBackground).toBeGreaterThan(pixels.total * 0.01);
      expect(pixels.barBlue).toBeGreaterThan(500);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
