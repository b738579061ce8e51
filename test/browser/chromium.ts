import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium for the browser tests (`apt-get install chromium`; CI installs it), driven by
 * playwright-core — no browser download. CHROMIUM_PATH points at another build.
 */
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  return candidates.find((file): file is string => file !== undefined && file !== '' && fs.existsSync(file));
}

export const noChromium =
  'no chromium installed: apt-get install chromium (Debian), or set CHROMIUM_PATH; the browser tests are skipped';

export function launchChromium(executablePath: string): Promise<Browser> {
  // Without the setuid sandbox: tests run as root in CI containers, where chromium refuses it.
  return chromium.launch({ executablePath, headless: true, chromiumSandbox: false });
}
