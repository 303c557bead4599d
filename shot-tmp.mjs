import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic','--use-angle=swiftshader','--enable-unsafe-swiftshader','--ignore-gpu-blocklist'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', m => console.log('console:', m.type(), m.text().slice(0,200)));
page.on('pageerror', e => console.log('pageerror', e.message));
const t0 = Date.now();
await page.goto(process.argv[2] ?? 'http://127.0.0.1:3123/');
await page.locator('.map[data-idle=true]').waitFor({ timeout: 30000 });

console.log('idle after', Date.now() - t0, 'ms');
await page.waitForTimeout(500);
await page.screenshot({ path: process.argv[3] ?? '/tmp/atlas.png' });
console.log(page.url());
await browser.close();
