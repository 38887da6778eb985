// Two people co-edit a document of a workspace: the administrator creates the workspace and
// invites the member; both type into the same paragraph at once and both see the merged text;
// the member types offline and, back online, both see both edits; the Markdown and Word exports hold
// the text; a named version is viewed, then restored as a new change; a passage is commented
// and resolved; a file is uploaded and downloaded. Keyboard first, axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import {
  acceptInvitation,
  activate,
  checkA11y,
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

const editorOf = (page) => page.getByRole('textbox', { name: 'Texte du document' });

/** Waits until the editor's text holds every part. */
async function waitForText(page, parts, what) {
  try {
    await page.waitForFunction(
      (expected) => {
        const el = document.querySelector('.document-editor');
        return !!el && expected.every((p) => el.textContent.includes(p));
      },
      parts,
      { timeout: 20_000 },
    );
  } catch (error) {
    const text = await editorOf(page).textContent().catch(() => '(no editor)');
    throw new Error(`Expected ${what}; the editor holds “${text}”.\n${error.message.split('\n')[0]}`);
  }
}

/** The editor's text without the other people's carets (their names). */
function plainText(page) {
  return page.evaluate(() => {
    const copy = document.querySelector('.document-editor').cloneNode(true);
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent;
  });
}

async function openEditorAtEnd(page) {
  await tabTo(page, editorOf(page), 'the document editor');
  await page.keyboard.press('ControlOrMeta+End');
}

test('two people co-edit a document, online and offline, export it, restore a version, comment, share a file', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: 'Bérénice Coautrice', password: strongPassword() };
    const workspace = `Guide des tiers-lieux ${Date.now()}`;
    const docTitle = 'Chapitre un';

    await step(adminPage, '1. The administrator joins and invites a member to Maillage', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, member.email);
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
    });

    await step(adminPage, '2. The administrator creates a workspace', async () => {
      await activate(adminPage, adminPage.getByRole('navigation').getByRole('link', { name: 'Espaces de travail', exact: true }), 'the Workspaces link');
      await expectHeading(adminPage, 'Espaces de travail');
      await waitFor(adminPage.getByText('Vous ne faites encore partie d’'), 'the empty list of workspaces');
      await checkA11y(adminPage, 'the workspaces page');
      await typeInto(adminPage, adminPage.getByLabel('Nom', { exact: true }), workspace, 'the name field');
      await typeInto(adminPage, adminPage.getByLabel('Objet'), 'Écrire ensemble le guide.', 'the purpose field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Créer l’espace de travail' }), 'the create button');
      await expectHeading(adminPage, workspace);
      await checkA11y(adminPage, 'the workspace page');
    });

    await step(adminPage, '3. The administrator invites the member and creates a document', async () => {
      await typeInto(adminPage, adminPage.getByLabel(/^Inviter quelqu’un/), 'Bérénice', 'the invite search field');
      await activate(adminPage, adminPage.getByRole('button', { name: `Inviter ${member.displayName}` }), 'the invite button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: `${member.displayName} fait maintenant partie` }), 'the invitation confirmed');
      await waitFor(adminPage.getByRole('region', { name: 'Membres' }).getByRole('listitem').filter({ hasText: member.displayName }), 'the member in the list, live');
      await typeInto(adminPage, adminPage.getByLabel('Titre d’un nouveau document'), docTitle, 'the document title field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Créer le document' }), 'the create-document button');
      await expectHeading(adminPage, docTitle);
      await waitFor(editorOf(adminPage), 'the editor');
      await openEditorAtEnd(adminPage);
      await adminPage.keyboard.type('Bonjour.');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Toutes les modifications sont enregistrées.' }), 'the saved status');
      await checkA11y(adminPage, 'the document page');
    });

    await step(memberPage, '4. The member opens the same document from the workspace', async () => {
      await activate(memberPage, memberPage.getByRole('navigation').getByRole('link', { name: 'Espaces de travail', exact: true }), 'the Workspaces link');
      await expectHeading(memberPage, 'Espaces de travail');
      await activate(memberPage, memberPage.getByRole('main').getByRole('link', { name: workspace }), 'the workspace link');
      await expectHeading(memberPage, workspace);
      await checkA11y(memberPage, 'the workspace page (member)');
      await activate(memberPage, memberPage.getByRole('link', { name: docTitle }), 'the document link');
      await expectHeading(memberPage, docTitle);
      await waitForText(memberPage, ['Bonjour.'], 'the administrator’s text on the member’s page');
      await waitFor(memberPage.getByRole('heading', { name: 'En train d’éditer : 2' }), 'both people editing now');
      await waitFor(adminPage.getByRole('region', { name: /^En train d’éditer/ }).getByRole('listitem').filter({ hasText: member.displayName }), 'the member among the editors');
      await checkA11y(memberPage, 'the document page (member)');
    });

    await step(memberPage, '5. Both type into the same paragraph at once', async () => {
      // The same paragraph, at its two ends: two carets at the very same spot would let either
      // person's next words land after the other's (both valid merges), which no assertion can pin.
      await openEditorAtEnd(memberPage);
      await memberPage.keyboard.press('ControlOrMeta+Home');
      await adminPage.keyboard.press('ControlOrMeta+End');
      await Promise.all([adminPage.keyboard.type(' Ana écrit.', { delay: 20 }), memberPage.keyboard.type('Bérénice écrit. ', { delay: 20 })]);
      await waitForText(adminPage, ['Bonjour.', 'Ana écrit.', 'Bérénice écrit.'], 'both edits on the administrator’s page');
      await waitForText(memberPage, ['Bonjour.', 'Ana écrit.', 'Bérénice écrit.'], 'both edits on the member’s page');
      await waitFor(adminPage.locator('.collaboration-carets__label', { hasText: member.displayName }), 'the member’s caret with their name');
      assert.equal(await plainText(adminPage), await plainText(memberPage), 'the same text on both pages');
      assert.equal(await adminPage.locator('.document-editor p').count(), 1, 'still one paragraph');
    });

    await step(memberPage, '6. The member types offline; back online, both see both edits', async () => {
      await memberPage.context().setOffline(true);
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Hors ligne : vos modifications sont conservées' }), 'the offline status');
      await memberPage.keyboard.type(' Écrit hors ligne.');
      await adminPage.keyboard.type(' Pendant ce temps.');
      await waitForText(adminPage, ['Pendant ce temps.'], 'the administrator’s own edit');
      await checkA11y(memberPage, 'the document page offline');
      await memberPage.context().setOffline(false);
      await waitForText(adminPage, ['Écrit hors ligne.', 'Pendant ce temps.'], 'the offline edit on the administrator’s page');
      await waitForText(memberPage, ['Écrit hors ligne.', 'Pendant ce temps.'], 'the administrator’s edit on the member’s page');
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Toutes les modifications sont enregistrées.' }), 'the member’s edits saved');
      assert.equal(await plainText(adminPage), await plainText(memberPage), 'the same text on both pages');
    });

    await step(adminPage, '7. The Markdown and Word exports hold the text', async () => {
      const downloading = adminPage.waitForEvent('download');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Exporter en Markdown' }), 'the Markdown export button');
      const download = await downloading;
      assert.equal(download.suggestedFilename(), 'Chapitre-un.md');
      const markdown = await readFile(await download.path(), 'utf8');
      for (const part of ['Bonjour.', 'Ana écrit.', 'Bérénice écrit.', 'Écrit hors ligne.', 'Pendant ce temps.']) {
        assert.ok(markdown.includes(part), `the Markdown holds “${part}”: ${markdown}`);
      }
      const wordDownloading = adminPage.waitForEvent('download');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Exporter en Word (DOCX)' }), 'the Word export button');
      const word = await wordDownloading;
      assert.equal(word.suggestedFilename(), 'Chapitre-un.docx');
      const body = strFromU8(unzipSync(new Uint8Array(await readFile(await word.path())))['word/document.xml']);
      for (const part of ['Bonjour.', 'Écrit hors ligne.', 'Pendant ce temps.']) {
        assert.ok(body.includes(part), `the Word document holds “${part}”`);
      }
    });

    await step(adminPage, '8. A named version is restored as a new change, seen live by the member', async () => {
      await typeInto(adminPage, adminPage.getByLabel('Nom de la version'), 'Premier jet', 'the version name field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Enregistrer une version' }), 'the save-version button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Version « Premier jet » enregistrée.' }), 'the version saved');
      await waitFor(memberPage.getByRole('region', { name: 'Versions' }).getByRole('listitem').filter({ hasText: 'Premier jet' }), 'the version on the member’s page, live');
      await openEditorAtEnd(adminPage);
      await adminPage.keyboard.type(' Phrase à retirer.');
      await waitForText(memberPage, ['Phrase à retirer.'], 'the new sentence on the member’s page');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Toutes les modifications sont enregistrées.' }), 'the sentence saved');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Voir « Premier jet »' }), 'the view-version button');
      const preview = adminPage.getByRole('region', { name: 'Aperçu : Premier jet' });
      await waitFor(preview, 'the version preview');
      assert.ok((await preview.textContent()).includes('Pendant ce temps.'), 'the preview holds the named text');
      assert.ok(!(await preview.textContent()).includes('Phrase à retirer.'), 'the preview lacks what came after');
      await checkA11y(adminPage, 'the document page with a version preview');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Restaurer « Premier jet »' }), 'the restore button');
      // the confirmation takes the focus: Enter confirms
      await waitFor(adminPage.getByRole('button', { name: 'Confirmer la restauration' }), 'the confirmation');
      await checkA11y(adminPage, 'the restore confirmation');
      await adminPage.keyboard.press('Enter');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Version « Premier jet » restaurée.' }), 'the restore confirmed');
      for (const page of [adminPage, memberPage]) {
        await page.waitForFunction(() => !document.querySelector('.document-editor').textContent.includes('Phrase à retirer.'), null, { timeout: 20_000 });
        await waitForText(page, ['Bonjour.', 'Ana écrit.', 'Bérénice écrit.', 'Écrit hors ligne.', 'Pendant ce temps.'], 'the restored text');
      }
      await waitFor(memberPage.getByRole('region', { name: 'Versions' }).getByRole('listitem').filter({ hasText: 'Avant la restauration de « Premier jet »' }), 'the state before the restore kept as a version');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Toutes les modifications sont enregistrées.' }), 'the restore saved');
      assert.equal(await plainText(adminPage), await plainText(memberPage), 'the same text on both pages');
    });

    await step(adminPage, '9. A passage is commented; the member sees it live and resolves it', async () => {
      await openEditorAtEnd(adminPage);
      await adminPage.keyboard.press('ControlOrMeta+Home');
      for (let i = 0; i < 'Bérénice'.length; i++) await adminPage.keyboard.press('Shift+ArrowRight', { delay: 30 });
      assert.equal(await adminPage.evaluate(() => window.getSelection().toString()), 'Bérénice', 'the passage selected with the keyboard');
      await adminPage.keyboard.press('Tab');
      const commentButton = adminPage.getByRole('button', { name: 'Commenter la sélection' });
      assert.ok(await commentButton.evaluate((el) => el === document.activeElement), 'Tab from the editor reaches the comment button');
      await adminPage.keyboard.press('Enter');
      await waitFor(adminPage.getByLabel('Votre commentaire'), 'the comment field');
      await adminPage.keyboard.type('Faut-il tutoyer ?');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier le commentaire' }), 'the publish button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Commentaire publié.' }), 'the comment published');
      await waitFor(memberPage.getByRole('list', { name: 'Commentaires ouverts' }).getByRole('listitem').filter({ hasText: 'Faut-il tutoyer ?' }), 'the comment on the member’s page, live');
      await waitFor(memberPage.locator('.document-editor .comment-highlight', { hasText: 'Bérénice' }), 'the commented passage highlighted');
      await checkA11y(memberPage, 'the document page with a comment');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Résoudre le commentaire sur « Bérénice »' }), 'the resolve button');
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Commentaire résolu.' }), 'the comment resolved');
      await waitFor(adminPage.getByRole('heading', { name: 'Commentaires ouverts : 0' }), 'no open comment on the administrator’s page, live');
    });

    await step(adminPage, '10. A file is uploaded to the workspace; the member sees it live and downloads it', async () => {
      for (const page of [adminPage, memberPage]) {
        await activate(page, page.getByRole('link', { name: 'Retour à l’espace de travail' }), 'the back-to-workspace link');
        await expectHeading(page, workspace);
      }
      const files = adminPage.getByRole('region', { name: 'Fichiers et liens' });
      const bytes = Buffer.from('%PDF-1.7\n% Compte rendu de la rencontre\n%%EOF\n');
      const dir = await mkdtemp(join(tmpdir(), 'maillage-walk-'));
      const path = join(dir, 'Compte rendu été.pdf');
      await writeFile(path, bytes);
      await tabTo(adminPage, files.getByLabel('Fichier à déposer'), 'the file field');
      await files.getByLabel('Fichier à déposer').setInputFiles(path);
      await activate(adminPage, files.getByRole('button', { name: 'Déposer le fichier' }), 'the upload button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: '« Compte rendu été.pdf » a été déposé.' }), 'the file uploaded');
      const link = memberPage.getByRole('region', { name: 'Fichiers et liens' }).getByRole('link', { name: 'Compte rendu été.pdf' });
      await waitFor(link, 'the file on the member’s page, live');
      await checkA11y(memberPage, 'the workspace page with a file');
      const downloading = memberPage.waitForEvent('download');
      await activate(memberPage, link, 'the file’s download link');
      const download = await downloading;
      assert.equal(download.suggestedFilename(), 'Compte rendu été.pdf');
      assert.deepEqual(await readFile(await download.path()), bytes, 'the downloaded bytes are the uploaded ones');
    });

    expectNoPageErrors(adminPage);
    expectNoPageErrors(memberPage);
  } finally {
    await browser.close();
  }
});
