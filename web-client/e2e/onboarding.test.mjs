// The first administrator joins, invites a facilitator who joins through the e-mailed link,
// signs in again and switches to English: keyboard only, axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  chooseRadio,
  expectHeading,
  expectLang,
  expectNoPageErrors,
  launch,
  linkFromOutbox,
  newPage,
  requireEnv,
  signIn,
  signOut,
  step,
  strongPassword,
  tabTo,
  typeInto,
  uniqueEmail,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');

test('an administrator onboards a facilitator who then works in English', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const facilitator = { email: uniqueEmail('facilitator'), displayName: 'Fabien Animateur', password: strongPassword() };
    let link = '';

    // 1. The first administrator accepts the link printed by the server.
    await step(page, '1. The first administrator accepts the link printed by the server', async () => {
      await acceptInvitation(page, adminInviteUrl, admin);
      await expectLang(page, 'fr');
      await page.getByRole('status').filter({ hasText: 'Connecté' }).waitFor();
      await checkA11y(page, 'the home page');
    });

    // 1b. Profile: change the display name; the header follows.
    await step(page, '1b. Profile: change the display name; the header follows', async () => {
      await activate(page, page.getByRole('link', { name: 'Profil', exact: true }), 'the Profile link');
      await expectHeading(page, 'Mon profil');
      await page.getByLabel('Territoire').waitFor();
      await checkA11y(page, 'the profile page');
      await tabTo(page, page.getByLabel('Nom affiché'), 'the display name field');
      await page.keyboard.press('End');
      await page.keyboard.type(' Martin');
      admin.displayName += ' Martin';
      await activate(page, page.getByRole('button', { name: 'Enregistrer', exact: true }), 'the save button');
      await page.getByRole('status').filter({ hasText: 'Votre profil a été enregistré.' }).waitFor();
      await page.getByRole('complementary', { name: 'Navigation latérale' }).getByText(admin.displayName).waitFor();
      await checkA11y(page, 'the profile page after saving');
    });

    // 2. Invitations: invite a facilitator.
    await step(page, '2. Invitations: invite a facilitator', async () => {
      await activate(page, page.getByRole('link', { name: 'Invitations', exact: true }), 'the Invitations link');
      await expectHeading(page, 'Invitations');
      await page.getByRole('heading', { name: 'Invitations envoyées' }).waitFor();
      await checkA11y(page, 'the invitations page');
      await typeInto(page, page.getByLabel('Adresse e-mail'), facilitator.email, 'the invitee email field');
      const roles = page.getByRole('group', { name: 'Rôle' });
      await chooseRadio(page, roles, roles.getByLabel('Animateur·rice'), 'the facilitator role');
      await activate(page, page.getByRole('button', { name: 'Envoyer l’invitation' }), 'the invite button');
      await page.getByRole('status').filter({ hasText: `Invitation envoyée à ${facilitator.email}` }).waitFor();
      const row = page.getByRole('row').filter({ hasText: facilitator.email });
      await row.filter({ hasText: 'En attente' }).waitFor();
      await row.getByRole('button', { name: /Révoquer/ }).waitFor();
      await checkA11y(page, 'the invitations page after inviting');
      await checkNarrow(page, 'the invitations page');
    });

    // 3. The outbox holds the invitation mail with a clickable link.
    await step(page, '3. The outbox holds the invitation mail with a clickable link', async () => {
      link = await linkFromOutbox(page, facilitator.email, '/invitation/');
      assert.match(link, /\/invitation\/[^/]+$/, 'the mail links to /invitation/{token}');
    });

    // 4. Sign out, then follow the link as the facilitator.
    await step(page, '4. Sign out, then follow the link as the facilitator', async () => {
      await signOut(page);
      await checkA11y(page, 'the sign-in page');
      await page.goto(link);
      await page.getByText(`${admin.displayName} vous invite`).waitFor();
      await acceptInvitation(page, link, { displayName: facilitator.displayName, password: facilitator.password });
      await page.getByRole('link', { name: 'Invitations', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Boîte d’envoi', exact: true }).count(), 0, 'a facilitator has no outbox link');
      await checkA11y(page, 'the facilitator home page');
    });

    // 4b. At 375 px wide nothing overflows sideways and axe is still content.
    await step(page, '4b. At 375 px wide nothing overflows sideways and axe is still content', async () => {
      await checkNarrow(page, 'the home page');
    });

    // 4c. The spent link, a page the role may not see, and an unknown page explain themselves.
    await step(page, '4c. The spent link, a page the role may not see, and an unknown page explain themselves', async () => {
      await page.goto(link);
      await page.getByRole('alert').filter({ hasText: 'déjà été utilisée' }).waitFor();
      await checkA11y(page, 'a spent invitation');
      await page.goto('/admin/outbox');
      await expectHeading(page, 'Accès refusé');
      await checkA11y(page, 'the forbidden page');
      await page.goto('/pas-de-page-ici');
      await expectHeading(page, 'Page introuvable');
      assert.match(await page.title(), /Page introuvable/);
      await checkA11y(page, 'the not-found page');
      await activate(page, page.getByRole('link', { name: 'Revenir à l’accueil' }), 'the back-home link');
      await expectHeading(page, `Bonjour ${facilitator.displayName}`);
    });

    // 5. Sign out and back in through /login.
    await step(page, '5. Sign out and back in through /login', async () => {
      await signOut(page);
      await signIn(page, facilitator.email, facilitator.password);
      await expectHeading(page, `Bonjour ${facilitator.displayName}`);
    });

    // 6. Switch to English.
    await step(page, '6. Switch to English', async () => {
      await activate(page, page.getByRole('button', { name: /Langue/ }), 'the language switch');
      await expectHeading(page, `Hello ${facilitator.displayName}`);
      await expectLang(page, 'en');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).waitFor();
      await page.getByRole('button', { name: /Language/ }).waitFor();
      await checkA11y(page, 'the home page in English');
    });

    // 7. Sign out.
    await step(page, '7. Sign out', async () => {
      await signOut(page, 'Sign out');
      await expectHeading(page, 'Sign in');
      await checkA11y(page, 'the sign-in page in English');
    });
    expectNoPageErrors(page);
  } finally {
    await browser.close();
  }
});
