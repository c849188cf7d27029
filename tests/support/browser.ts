/** Debian's Chromium for end-to-end tests, driven by playwright-core. */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

export const chromiumPath = CANDIDATES.find((candidate) => fs.existsSync(candidate));

if (!chromiumPath) {
  console.warn("Browser tests skipped: Debian's Chromium is not installed (apt-get install chromium).");
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Where a browser test saves a screenshot: tests/.tmp normally, docs/screenshots when
 * UPDATE_SCREENSHOTS=1 (so a test run does not rewrite the documentation's images).
 */
export function screenshotPath(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'tests/.tmp';
  fs.mkdirSync(dir, { recursive: true });
  return `${dir}/${name}`;
}
