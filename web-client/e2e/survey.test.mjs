// Needs survey: the administrator (a facilitator-level person) builds a survey with a ranking
// question, previews it and publishes it; two members answer (one's draft survives a reload,
// the ranking is ordered with the up/down buttons), and the results page updates live for the
// administrator, who tags the free-text answer into groups. Keyboard only, axe on every page and state visited, the answer form at 375 px.
import { test } from 'node:test';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  expectHeading,
  expectNoPageErrors,
  inviteMember,
  launch,
  linkFromOutbox,
  newPage,
  requireEnv,
  tabTo,
  step,
  strongPassword,
  typeInto,
  uniqueEmail,
  waitFor,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
const shots = process.env.MAILLAGE_SCREENSHOT_DIR;

async function picture(page, name) {
  if (!shots) return;
  const size = page.viewportSize();
  await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: `${shots}/${name}-375.png`, fullPage: true });
  await page.setViewportSize(size);
}

/** Focuses a select with Tab and moves through it with the arrow keys until `value` is chosen. */
async function chooseOption(page, select, value, what) {
  await tabTo(page, select, what);
  await page.keyboard.press('Home');
  for (let i = 0; i < 10 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  if ((await select.inputValue()) !== value) throw new Error(`${what} is not set to ${value}`);
}

async function openSurvey(page, title) {
  await activate(page, page.getByRole('navigation').getByRole('link', { name: 'Enquêtes', exact: true }), 'the Enquêtes link');
  await expectHeading(page, 'Enquêtes');
  await activate(page, page.getByRole('main').getByRole('link', { name: title }), `the survey “${title}”`);
  await expectHeading(page, title);
}

test('a survey is built, published, answered by two members, and its results move live', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const firstPage = await newPage(browser, baseUrl);
    const secondPage = await newPage(browser, baseUrl);
    const suffix = String(Date.now() % 100000);
    const admin = { email: uniqueEmail('admin'), displayName: `Claire Anime ${suffix}`, password: strongPassword() };
    const first = { email: uniqueEmail('first'), displayName: `Léa Répond ${suffix}`, password: strongPassword() };
    const second = { email: uniqueEmail('second'), displayName: `Marc Répond ${suffix}`, password: strongPassword() };
    const title = `Nos besoins ${suffix}`;

    await step(adminPage, '1. The administrator joins and invites two members, who join', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      for (const [who, page] of [[first, firstPage], [second, secondPage]]) {
        await inviteMember(adminPage, who.email);
        const link = await linkFromOutbox(adminPage, who.email, '/invitation/');
        await acceptInvitation(page, link, { displayName: who.displayName, password: who.password });
      }
    });

    await step(adminPage, '2. The administrator starts a survey and adds a ranking question', async () => {
      await activate(adminPage, adminPage.getByRole('navigation').getByRole('link', { name: 'Enquêtes', exact: true }), 'the Enquêtes link');
      await expectHeading(adminPage, 'Enquêtes');
      await checkA11y(adminPage, 'the empty survey list');
      await typeInto(adminPage, adminPage.getByLabel('Titre'), title, 'the new survey title');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Créer le brouillon' }), 'the create button');
      await expectHeading(adminPage, title);
      await activate(adminPage, adminPage.getByRole('button', { name: 'Ajouter une question' }), 'the add-question button');
      await typeInto(adminPage, adminPage.getByLabel('Intitulé'), 'Vos priorités pour l’année', 'the prompt');
      await typeInto(adminPage, adminPage.getByLabel('Réponses possibles (une par ligne)'), 'Financement\nÉvaluation\nOutils', 'the options');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Ajouter une question' }), 'the second add-question button');
      await chooseOption(adminPage, adminPage.locator('#survey-q1-kind'), 'short_text', 'the second question’s type');
      await typeInto(adminPage, adminPage.locator('#survey-q1-prompt'), 'Un mot pour finir ?', 'the second prompt');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Enregistrer les questions' }), 'the save-questions button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Enregistré.' }), 'the questions saved');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Aperçu comme une personne qui répond' }), 'the preview button');
      await waitFor(adminPage.getByRole('button', { name: 'Ajouter « Outils »' }), 'the preview of the ranking');
      await checkA11y(adminPage, 'the builder with its preview');
      await picture(adminPage, 'survey-builder');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier et prévenir le public' }), 'the publish button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Enquête publiée' }), 'the survey published');
    });

    await step(adminPage, '3. The administrator opens the results: no answer yet', async () => {
      await activate(adminPage, adminPage.getByRole('link', { name: 'Voir les résultats' }), 'the results link');
      await expectHeading(adminPage, `Résultats : ${title}`);
      await waitFor(adminPage.getByText('1 personne a répondu à cette question.').or(adminPage.getByText('0 personne a répondu à cette question.')).first(), 'the results table');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the administrator’s connection');
      await checkA11y(adminPage, 'the empty results');
    });

    await step(firstPage, '4. The first member ranks two priorities; the draft survives a reload; she sends', async () => {
      await openSurvey(firstPage, title);
      await activate(firstPage, firstPage.getByRole('button', { name: 'Ajouter « Outils »' }), 'add Outils');
      await activate(firstPage, firstPage.getByRole('button', { name: 'Ajouter « Financement »' }), 'add Financement');
      await activate(firstPage, firstPage.getByRole('button', { name: 'Monter « Financement »' }), 'move Financement up');
      await waitFor(firstPage.getByRole('status').filter({ hasText: 'Brouillon enregistré.' }), 'the draft saved');
      await firstPage.reload();
      await expectHeading(firstPage, title);
      const kept = firstPage.locator('.survey-rank li');
      await waitFor(kept.first().filter({ hasText: 'Financement' }), 'Financement first after the reload');
      await checkA11y(firstPage, 'the answer form');
      await checkNarrow(firstPage, 'the answer form');
      await picture(firstPage, 'survey-answer');
      await typeInto(firstPage, firstPage.getByLabel('Un mot pour finir ?'), 'Plus de visio', 'the text answer');
      await activate(firstPage, firstPage.getByRole('button', { name: 'Envoyer ma réponse' }), 'the send button');
      await waitFor(firstPage.getByText('Merci, votre réponse est enregistrée.'), 'the thanks');
    });

    await step(adminPage, '5. The results change live for the administrator', async () => {
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Résultats mis à jour : 1 réponse en tout.' }), 'the live update');
      const row = adminPage.getByRole('row').filter({ has: adminPage.getByRole('rowheader', { name: 'Financement' }) });
      await waitFor(row.filter({ hasText: '3' }), 'Financement with 3 points');
    });

    await step(secondPage, '6. The second member ranks one priority and sends', async () => {
      await openSurvey(secondPage, title);
      await activate(secondPage, secondPage.getByRole('button', { name: 'Ajouter « Évaluation »' }), 'add Évaluation');
      await activate(secondPage, secondPage.getByRole('button', { name: 'Envoyer ma réponse' }), 'the send button');
      await waitFor(secondPage.getByText('Merci, votre réponse est enregistrée.'), 'the thanks');
    });

    await step(adminPage, '7. The results show both answers, live', async () => {
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Résultats mis à jour : 2 réponses en tout.' }), 'the second live update');
      await waitFor(adminPage.getByText('2 réponses', { exact: false }).first(), 'two answers');
      await activate(adminPage, adminPage.getByText('Étiqueter les réponses'), 'the tagging disclosure');
      await typeInto(adminPage, adminPage.getByLabel('Étiquettes de la réponse 1'), 'Visio, Rencontres', 'the tags of the first text');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Enregistrer les étiquettes' }), 'the save-tags button');
      const groups = adminPage.getByRole('table', { name: 'Groupes de réponses (étiquettes)' });
      await waitFor(groups.getByRole('rowheader', { name: 'Visio' }), 'the Visio group');
      await checkA11y(adminPage, 'the results with answers');
      await checkNarrow(adminPage, 'the results with answers');
      await picture(adminPage, 'survey-results');
      for (const page of [adminPage, firstPage, secondPage]) expectNoPageErrors(page);
    });
  } finally {
    await browser.close();
  }
});
