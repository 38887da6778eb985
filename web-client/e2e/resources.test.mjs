// Capitalisation, lean: a member proposes a testimony, a facilitator publishes and features it
// from the review queue, then the member reads the premier survol on a 375 px phone (per-lever
// lists, no wide table), opens the testimony from it and makes it their own in a workspace.
// Keyboard only, axe on every screen.
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
  inviteMember,
  launch,
  linkFromOutbox,
  newPage,
  requireEnv,
  step,
  strongPassword,
  tabTo,
  typeInto,
  uniqueEmail,
  waitFor,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
// MAILLAGE_E2E_SHOTS=<dir> keeps screenshots of the screens, to look at them.
const shots = process.env.MAILLAGE_E2E_SHOTS;
const shot = async (page, name) => (shots ? page.screenshot({ path: `${shots}/resources-${name}.png`, fullPage: true }) : undefined);

test('a testimony is proposed, published, found in the first overview on a phone and made one’s own', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    const facilitatorPage = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: 'Maëva Membre', password: strongPassword() };
    const facilitator = { email: uniqueEmail('facilitator'), displayName: 'Fabrice Animateur', password: strongPassword() };
    const title = `Notre alliance avec l’EPCI ${Date.now()}`;

    await step(adminPage, '1. The administrator joins and invites a member and a facilitator', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, member.email);
      await typeInto(adminPage, adminPage.getByLabel('Adresse e-mail'), facilitator.email, 'the invitee email field');
      await chooseRadio(adminPage, adminPage.getByRole('group', { name: 'Rôle' }), adminPage.getByLabel('Animateur·rice'), 'the role');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Envoyer l’invitation' }), 'the invite button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: `Invitation envoyée à ${facilitator.email}` }), 'the facilitator invited');
    });

    await step(memberPage, '2. The member proposes a testimony and sends it to review', async () => {
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
      await activate(memberPage, memberPage.getByRole('navigation').getByRole('link', { name: 'Ressources', exact: true }), 'the Ressources link');
      await expectHeading(memberPage, 'Ressources');
      await waitFor(memberPage.getByRole('heading', { level: 2, name: /ressource/ }), 'the library count');
      await checkA11y(memberPage, 'the library');
      await activate(memberPage, memberPage.getByRole('link', { name: 'Proposer une ressource' }), 'the propose link');
      await expectHeading(memberPage, 'Proposer une ressource');
      const lever = memberPage.getByRole('checkbox', { name: 'Apprendre à faire alliance' });
      await waitFor(lever, 'the lever checkboxes');
      await checkA11y(memberPage, 'the proposal form');
      await shot(memberPage, 'form');
      await typeInto(memberPage, memberPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(memberPage, memberPage.getByLabel('Résumé'), 'Comment une communauté de communes et une association ont travaillé ensemble.', 'the summary');
      await tabTo(memberPage, lever, 'the lever checkbox');
      await memberPage.keyboard.press('Space');
      await typeInto(memberPage, memberPage.getByLabel('Texte (Markdown)'), '# Le point de départ\n\nUn café entre la présidente et nous.', 'the text');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Envoyer en relecture' }), 'the submit button');
      await expectHeading(memberPage, title);
      await waitFor(memberPage.getByText('En relecture'), 'the in-review badge');
      await checkA11y(memberPage, 'the resource in review');
    });

    await step(facilitatorPage, '3. The facilitator publishes and features it from the review queue', async () => {
      const link = await linkFromOutbox(adminPage, facilitator.email, '/invitation/');
      await acceptInvitation(facilitatorPage, link, { displayName: facilitator.displayName, password: facilitator.password });
      await activate(facilitatorPage, facilitatorPage.getByRole('navigation').getByRole('link', { name: 'Ressources', exact: true }), 'the Ressources link');
      const queue = facilitatorPage.getByRole('region', { name: 'À relire' });
      await activate(facilitatorPage, queue.getByRole('link', { name: title }), 'the resource in the queue');
      await expectHeading(facilitatorPage, title);
      await checkA11y(facilitatorPage, 'the resource with review actions');
      await shot(facilitatorPage, 'review');
      await activate(facilitatorPage, facilitatorPage.getByRole('button', { name: 'Publier' }), 'the publish button');
      await waitFor(facilitatorPage.getByRole('button', { name: 'Mettre à la une' }), 'the published resource');
      await activate(facilitatorPage, facilitatorPage.getByRole('button', { name: 'Mettre à la une' }), 'the feature button');
      await waitFor(facilitatorPage.getByRole('button', { name: 'Retirer de la une' }), 'the featured resource');
    });

    await step(memberPage, '4. On a phone, the member reads the premier survol and opens the featured testimony', async () => {
      await memberPage.setViewportSize({ width: 375, height: 740 });
      await memberPage.goto('/');
      await expectHeading(memberPage, `Bonjour ${member.displayName}`);
      await activate(memberPage, memberPage.getByRole('button', { name: /menu/i }), 'the menu button');
      await activate(memberPage, memberPage.getByRole('navigation').getByRole('link', { name: 'Ressources', exact: true }), 'the Ressources link');
      await expectHeading(memberPage, 'Ressources');
      await activate(memberPage, memberPage.getByRole('link', { name: 'Premier survol (5 minutes)' }), 'the overview link');
      await expectHeading(memberPage, 'Premier survol');
      const lever = memberPage.getByRole('region', { name: 'Apprendre à faire alliance' });
      await waitFor(lever.getByRole('link', { name: '1 ressource' }), 'the testimony counted in its cell');
      assert.equal(await memberPage.locator('table').count(), 0, 'no wide table on a phone');
      await checkNarrow(memberPage, 'the premier survol');
      await shot(memberPage, 'survol-375');
      await activate(memberPage, lever.getByRole('link', { name: title }), 'the featured testimony');
      await expectHeading(memberPage, title);
      await checkNarrow(memberPage, 'the resource page');
      await shot(memberPage, 'resource-375');
      await memberPage.setViewportSize({ width: 1024, height: 800 });
    });

    await step(memberPage, '5. The member marks it useful and makes it their own in a workspace', async () => {
      const useful = memberPage.getByRole('button', { name: /^Utile/ });
      await activate(memberPage, useful, 'the useful button');
      await waitFor(memberPage.getByRole('button', { name: 'Utile (1)', pressed: true }), 'the useful mark');
      const resourceUrl = memberPage.url();
      await activate(memberPage, memberPage.getByRole('navigation').getByRole('link', { name: 'Espaces de travail', exact: true }), 'the Workspaces link');
      await expectHeading(memberPage, 'Espaces de travail');
      await typeInto(memberPage, memberPage.getByLabel('Nom', { exact: true }), 'Alliance Guadeloupe', 'the name field');
      await typeInto(memberPage, memberPage.getByLabel('Objet'), 'Adapter les kits du réseau.', 'the purpose field');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Créer l’espace de travail' }), 'the create button');
      await expectHeading(memberPage, 'Alliance Guadeloupe');
      await memberPage.goto(resourceUrl);
      await expectHeading(memberPage, title);
      await waitFor(memberPage.getByLabel('Espace de travail'), 'the workspace choice');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Créer ma copie' }), 'the make-it-mine button');
      await expectHeading(memberPage, title);
      await waitFor(memberPage.locator('.ProseMirror').getByText('Un café entre la présidente et nous.'), 'the seeded text in the editor');
      await waitFor(memberPage.locator('.ProseMirror').getByText(/licence CC BY-SA 4\.0/), 'the link back and the licence');
      await checkA11y(memberPage, 'the adapted document');
      await shot(memberPage, 'document');
      if (shots) {
        await memberPage.setViewportSize({ width: 1280, height: 800 });
        await memberPage.goto('/resources/survol');
        await waitFor(memberPage.locator('table'), 'the grid at 1280 px');
        await shot(memberPage, 'survol-1280');
        await memberPage.goto('/resources?lever=apprendre-a-faire-alliance');
        await waitFor(memberPage.getByRole('link', { name: title }), 'the library list');
        await shot(memberPage, 'library-1280');
      }
      expectNoPageErrors(memberPage);
      expectNoPageErrors(facilitatorPage);
    });
  } finally {
    await browser.close();
  }
});
