import { chromium } from '@playwright/test';
const [, , url, out, selector, lang] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-gl=swiftshader', '--enable-unsafe-swiftshader'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang ?? 'it-IT' });
const page = await context.newPage();
await page.goto(url);
await page.waitForTimeout(1000);
await page.locator(selector).first().screenshot({ path: out });
await browser.close();
