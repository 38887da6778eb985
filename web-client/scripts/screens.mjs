// `npm run screens` (issue 16): starts the demo (scripts/demo.mjs) on a fresh server, then takes
// a screenshot of every main screen at 1280 px and 375 px into ../docs/screens/, in Chromium.
// With DEMO_BASE_URL and DEMO_ADMIN_INVITE_URL it seeds and shoots that server instead.
// Needs ../app/target/maillage.jar (mvn -B package -DskipTests) and /usr/bin/chromium.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PASSWORD, seed, startFreshServer } from './demo.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screens');
mkdirSync(out, { recursive: true });

let server = null;
let base = process.env.DEMO_BASE_URL;
let link = process.env.DEMO_ADMIN_INVITE_URL;
if (!base) {
  server = await startFreshServer(Number(process.env.DEMO_PORT ?? 8091));
  ({ base, link } = server);
}

const browser = await chromium.launch({
  executablePath: process.env.DEMO_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signedIn(email) {
  const context = await browser.newContext({ baseURL: base, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/login');
  await page.getByLabel(/Adresse e-mail/).fill(email);
  await page.getByLabel(/^Mot de passe$/).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function shoot(page, name, path, ready) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 860 });
    await page.goto(path);
    await page.locator('h1').first().waitFor();
    if (ready) await ready(page);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, `${name}-${width}.png`), fullPage: width === 1280 });
    console.log(`docs/screens/${name}-${width}.png`);
  }
}

try {
  await seed(base, link, () => undefined);
  const member = await signedIn('maelle.riviere@demo.maillage.fr');
  await shoot(member, 'home', '/', (p) => p.getByRole('heading', { name: 'Vos prochaines sessions' }).waitFor());
  await shoot(member, 'themes', '/themes');
  await shoot(member, 'theme', '/themes/transformer-son-modele-socio-economique', (p) => p.locator('main a[href^="/threads/"]').first().waitFor());
  const thread = await member.locator('main a[href^="/threads/"]').first().getAttribute('href');
  await shoot(member, 'thread', thread, (p) => p.locator('article').first().waitFor());
  await shoot(member, 'search', '/search?q=financements%20europeens', (p) => p.getByRole('heading', { name: /^Sessions/ }).waitFor());
  await shoot(member, 'directory', '/directory', (p) => p.locator('main a[href^="/directory/people/"]').first().waitFor());
  await shoot(member, 'help', '/help');
  await shoot(member, 'sessions', '/sessions');
  await shoot(member, 'workspaces', '/workspaces');
  const workspace = await member.locator('main a[href^="/workspaces/"]').first().getAttribute('href');
  if (workspace) await shoot(member, 'workspace', workspace);
  const admin = await signedIn('admin@demo.maillage.fr');
  await shoot(admin, 'home-admin', '/');
  await shoot(admin, 'invitations', '/admin/invitations');
} finally {
  await browser.close();
  server?.child.kill('SIGTERM');
}
