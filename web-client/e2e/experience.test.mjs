// The experience walk (issue 16): home → search with "/" → a result → back, keyboard only,
// axe clean, in French; then every main page at 375 px without sideways scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  chooseRadio,
  expectHeading,
  expectNoPageErrors,
  launch,
  newPage,
  requireEnv,
  step,
  strongPassword,
  tabTo,
  typeInto,
  uniqueEmail,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
// Pictures to look at (not compared): MAILLAGE_SCREENS=<dir> writes them at 1280 and 375 px.
const screens = process.env.MAILLAGE_SCREENS ?? '/tmp/maillage-screens';

async function shoot(page, name) {
  const size = page.viewportSize();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 740 : 860 });
    await page.screenshot({ path: `${screens}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');

/** A write through the API from a page of the signed-in context, with its CSRF cookie. */
async function apiPost(page, path, body) {
  return page.evaluate(
    async ([path, body]) => {
      const token = document.cookie.split('; ').find((c) => c.startsWith('maillage_csrf='))?.split('=')[1] ?? '';
      const reply = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(body) });
      return { status: reply.status, text: await reply.text() };
    },
    [path, body],
  );
}

test('home, search with "/", a result and back, then every main page at 375 px', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ysaline Quenum', password: strongPassword() };

    await step(page, '1. The home page says what is for me, with first steps', async () => {
      await acceptInvitation(page, adminInviteUrl, admin);
      await expectHeading(page, 'Bonjour Ysaline Quenum');
      await page.getByRole('heading', { name: 'Premiers pas' }).waitFor();
      assert.equal(await page.getByText('Bientôt ici').count(), 0);
      await checkA11y(page, 'the home page');
      await shoot(page, 'home');
    });

    await step(page, '1b. A session planned in another tab appears on the home without reloading it', async () => {
      const other = await page.context().newPage();
      try {
        await other.goto('/sessions');
        const next = new Date().getFullYear() + 1;
        const reply = await apiPost(other, '/api/peer-sessions/series', {
          theme: 'vie-du-reseau',
          title: 'Atelier des financements européens',
          description: 'Les fonds pour les tiers-lieux ultramarins.',
          format: 'online',
          durationMinutes: 60,
          firstStart: `${next}-03-10T10:00:00`,
          recurrence: 'once',
          idempotencyKey: crypto.randomUUID(),
        });
        assert.equal(reply.status, 201, reply.text);
      } finally {
        await other.close();
      }
      const card = page.locator('.ds-card', { has: page.getByRole('heading', { name: 'Vos prochaines sessions' }) });
      await card.getByRole('link', { name: 'Atelier des financements européens' }).waitFor({ timeout: 15_000 });
      await page.getByRole('status').filter({ hasText: 'Accueil mis à jour' }).waitFor({ state: 'attached' });
    });

    await step(page, '2. "/" focuses the header search; Enter opens the results page', async () => {
      await page.locator('body').press('/');
      const field = page.getByRole('searchbox', { name: 'Chercher partout dans Maillage' });
      assert.ok(await field.evaluate((el) => el === document.activeElement), 'the / key focuses the search field');
      await page.keyboard.type('Quenum');
      await page.keyboard.press('Enter');
      await expectHeading(page, 'Recherche : Quenum');
      assert.match(page.url(), /\/search\?q=Quenum$/);
      await page.getByRole('heading', { name: /Personnes/ }).waitFor();
      await checkA11y(page, 'the search results');
      await shoot(page, 'search');
    });

    await step(page, '3. A result opens with the keyboard, and back returns to the results', async () => {
      const result = page.locator('.search-results a', { hasText: 'Ysaline Quenum' }).first();
      await activate(page, result, 'the person found');
      await page.waitForURL(/\/directory\/people\//);
      await page.goBack();
      await expectHeading(page, 'Recherche : Quenum');
      await page.getByRole('link', { name: 'Personnes' }).waitFor();
    });

    await step(page, '4. Scope filters live in the URL', async () => {
      await activate(page, page.getByRole('navigation', { name: 'Où chercher' }).getByRole('link', { name: 'Personnes' }), 'the people scope');
      await page.waitForURL(/in=people/);
      assert.equal(await page.getByRole('heading', { name: /^Discussions/ }).count(), 0);
    });

    await step(page, '4b. Search finds the session, stemmed; the arrow keys move between results', async () => {
      await page.goto('/search?q=financement%20europeen');
      const sessions = page.locator('.search-section', { has: page.getByRole('heading', { name: /^Sessions/ }) });
      const found = sessions.getByRole('link', { name: 'Atelier des financements européens' });
      await found.waitFor();
      await sessions.locator('mark').first().waitFor();
      const first = page.locator('a.search-result-title').first();
      await tabTo(page, first, 'the first result');
      await page.keyboard.press('End');
      assert.ok(await page.locator('a.search-result-title').last().evaluate((el) => el === document.activeElement), 'End moves to the last result');
      await checkA11y(page, 'the search results with a session');
      await page.keyboard.press('Home');
      assert.ok(await first.evaluate((el) => el === document.activeElement), 'Home returns to the first result');
      await activate(page, found, 'the session found');
      await page.waitForURL(/\/sessions\/occurrences\//);
      await page.goBack();
      await found.waitFor();
    });

    await step(page, '4c. Inviting a guest, the form offers the themes it may read', async () => {
      await page.goto('/admin/invitations');
      await expectHeading(page, 'Invitations');
      await typeInto(page, page.getByLabel('Adresse e-mail'), uniqueEmail('invite'), 'the e-mail field');
      const roles = page.getByRole('group', { name: 'Rôle' });
      await chooseRadio(page, roles, roles.getByLabel('Invité·e'), 'the guest role');
      const themes = page.getByRole('group', { name: 'Thèmes que l’invité pourra lire' });
      const life = themes.getByRole('checkbox', { name: 'Vie du réseau' });
      await tabTo(page, life, 'the Vie du réseau theme');
      await page.keyboard.press('Space');
      assert.ok(await life.isChecked(), 'the theme is chosen');
      await checkA11y(page, 'the invitation form with its themes');
      await activate(page, page.getByRole('button', { name: 'Envoyer l’invitation' }), 'the send button');
      await page.getByText(/Invitation envoyée à/).waitFor();
    });

    await step(page, '5. At 375 px: a short header with a menu button, no sideways scroll', async () => {
      for (const path of ['/', '/themes', '/sessions', '/workspaces', '/directory', '/help', '/search?q=Quenum', '/profile']) {
        await page.goto(path);
        await page.locator('h1').first().waitFor();
        await checkNarrow(page, path);
        if (path === '/directory' || path === '/themes') await shoot(page, path.slice(1));
      }
      await page.setViewportSize({ width: 375, height: 740 });
      const header = await page.locator('.site-header').boundingBox();
      assert.ok(header && header.height <= 64, `the header is ${header?.height}px high`);
      const menu = page.getByRole('button', { name: 'Menu' });
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await tabTo(page, menu, 'the menu button');
      await page.keyboard.press('Enter');
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire', exact: true }).waitFor();
      await checkA11y(page, 'the open phone menu');
      await page.screenshot({ path: `${screens}/menu-375.png` });
    });

    await step(page, '6. When the app\'s script never loads, the page offers the light view', async () => {
      const weak = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', storageState: await page.context().storageState() });
      try {
        const bare = await weak.newPage();
        await bare.route('**/assets/*.js', (route) => route.abort());
        await bare.goto('/');
        const light = bare.getByRole('link', { name: 'Ouvrir la version légère' });
        await light.waitFor({ state: 'visible', timeout: 15_000 });
        await tabTo(bare, light, 'the light version link');
        await bare.keyboard.press('Enter');
        await bare.getByRole('link', { name: 'Vie du réseau' }).waitFor();
        assert.match(bare.url(), /\/light\/themes$/);
      } finally {
        await weak.close();
      }
    });

    expectNoPageErrors(page);
  } finally {
    await browser.close();
  }
});
