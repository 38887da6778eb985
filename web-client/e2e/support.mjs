// Shared helpers of the browser tests: Debian's Chromium through playwright-core, keyboard
// navigation, and an axe scan that fails on any violation.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (the server-side test runner passes it).`);
  return value;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser; launch() uses a temporary profile, deleted on close. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.MAILLAGE_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** A new browser context (its own cookies) and page, with console errors collected. */
export async function newPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.pageErrors = [];
  page.on('pageerror', (error) => page.pageErrors.push(String(error)));
  if (process.env.MAILLAGE_E2E_DEBUG) {
    const tag = `[${baseURL ? 'page' : ''}${Math.random().toString(36).slice(2, 5)}]`;
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => console.log(tag, '→', String(f.payload).slice(0, 300)));
      ws.on('framereceived', (f) => console.log(tag, '←', String(f.payload).slice(0, 300)));
      ws.on('close', () => console.log(tag, 'closed'));
    });
    page.on('console', (m) => console.log(tag, 'console', m.text()));
  }
  return page;
}

/** Runs one step of a walk; a failure names the step and where the page was. */
export async function step(page, name, fn) {
  try {
    await fn();
  } catch (error) {
    const url = page.isClosed() ? '(closed)' : page.url();
    const heading = page.isClosed() ? '' : await page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => '');
    // What the page was telling the person (alerts, statuses, toasts) often says why.
    const said = page.isClosed() ? [] : await page.locator('[role=alert], [role=status], .field-error, .error-summary')
      .allInnerTexts().catch(() => []);
    const told = said.map((t) => t.trim()).filter(Boolean).slice(0, 6).join(' | ');
    error.message = `Step "${name}" failed on ${url}${heading ? ` (h1 "${heading}")` : ''}`
      + `${told ? ` [page said: ${told}]` : ''}:\n${error.message}`;
    throw error;
  }
}

export function uniqueEmail(prefix) {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.org`;
}

export function strongPassword() {
  return `Mot-de-passe-${randomBytes(6).toString('hex')}`;
}

/** Runs axe on the page as it is; throws with every violation listed. */
export async function checkA11y(page, where) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // govern: an injected <script> would be refused (script-src 'self'), as it should be.
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run());
  if (result.violations.length > 0) {
    const lines = result.violations.map(
      (v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n    ')}`,
    );
    throw new Error(`axe found ${result.violations.length} violation(s) on ${where} (${page.url()}):\n${lines.join('\n')}`);
  }
}

async function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'the document body';
    const label = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 40) || el.getAttribute('name') || '';
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${label}"`;
  });
}

/** Presses Tab until the locator has the focus (at most `max` presses). */
// The sidebar lists the followed themes and workspaces before the content: room for them all.
export async function tabTo(page, locator, what = String(locator), max = 150) {
  await locator.waitFor({ state: 'visible' });
  for (let i = 0; i <= max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach ${what} with ${max} Tab presses; the focus is on ${await describeFocus(page)}.`);
}

/** Tabs to a field and types into it. */
export async function typeInto(page, locator, text, what) {
  await tabTo(page, locator, what);
  await page.keyboard.type(text);
}

/** Tabs to a link or button and presses Enter. */
export async function activate(page, locator, what) {
  await tabTo(page, locator, what);
  await page.keyboard.press('Enter');
}

/** In a radio group, tabs to the checked radio then moves with the arrow keys to `target`. */
export async function chooseRadio(page, group, target, what) {
  await tabTo(page, group.locator('input[type=radio]:checked'), `the checked radio of ${what}`);
  for (let i = 0; i < 8; i++) {
    if (await target.isChecked()) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`Could not check ${what} with the arrow keys.`);
}

export async function expectHeading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor({ state: 'visible' });
}

/** At a phone's width (375 px) the page must not scroll sideways; axe runs there too. */
export async function checkNarrow(page, where) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 740 });
  try {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      const culprits = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(-5)
          .map((el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}> ${Math.round(el.getBoundingClientRect().right)}px`),
      );
      throw new Error(`${where} is ${overflow}px wider than a 375px screen; sticking out: ${culprits.join(', ')}.`);
    }
    await checkA11y(page, `${where} at 375px`);
  } finally {
    await page.setViewportSize(size);
  }
}

export async function expectLang(page, lang) {
  const actual = await page.evaluate(() => document.documentElement.lang);
  if (actual !== lang) throw new Error(`<html lang> is "${actual}", expected "${lang}".`);
}

export function expectNoPageErrors(page) {
  if (page.pageErrors.length) throw new Error(`Uncaught errors in the page:\n${page.pageErrors.join('\n')}`);
}

/** Accepts an invitation through its form (the email field only exists for the first administrator's). */
export async function acceptInvitation(page, url, { email, displayName, password }) {
  await page.goto(url);
  await expectHeading(page, 'Rejoindre Maillage');
  const form = page.locator('form');
  await form.waitFor();
  await checkA11y(page, 'the invitation page');
  if (email) await typeInto(page, page.getByLabel('Adresse e-mail', { exact: true }), email, 'the email field');
  await typeInto(page, page.getByLabel('Nom affiché'), displayName, 'the display name field');
  await typeInto(page, page.getByLabel('Nouveau mot de passe', { exact: true }), password, 'the password field');
  await typeInto(page, page.getByLabel('Confirmation du mot de passe'), password, 'the confirmation field');
  await activate(page, page.getByRole('button', { name: 'Créer mon compte' }), 'the create-account button');
  await expectHeading(page, `Bonjour ${displayName}`);
}

/** Signs in through /login with the keyboard; the caller checks where it lands. */
export async function signIn(page, email, password) {
  await expectHeading(page, /Se connecter|Sign in/);
  await typeInto(page, page.getByLabel(/Adresse e-mail|Email address/), email, 'the email field');
  await typeInto(page, page.getByLabel(/^(Mot de passe|Password)$/), password, 'the password field');
  await page.keyboard.press('Enter');
}

export async function signOut(page, name = 'Se déconnecter') {
  await activate(page, page.getByRole('button', { name }), 'the sign-out button');
  await expectHeading(page, /Se connecter|Sign in/);
}

/**
 * Opens the outbox through the navigation, reloading until a mail to `to` whose body holds a
 * link containing `pathPart` is there (mail may be written just after the request answers);
 * expands it with the keyboard and returns the link's href.
 */
export async function linkFromOutbox(page, to, pathPart) {
  for (let attempt = 0; attempt < 10; attempt++) {
    if (attempt === 0) await activate(page, page.getByRole('link', { name: 'Boîte d’envoi', exact: true }), 'the outbox link');
    else await page.reload();
    await expectHeading(page, 'Boîte d’envoi');
    await page.locator('.mail-list, main p:has-text("Aucun e-mail")').first().waitFor();
    const mails = page.locator('details.mail').filter({ has: page.locator('summary', { hasText: to }) });
    const withLink = mails.filter({ has: page.locator(`a[href*="${pathPart}"]`) });
    if ((await withLink.count()) > 0) {
      const mail = withLink.first();
      await checkA11y(page, 'the outbox');
      await activate(page, mail.locator('summary'), `the mail to ${to}`);
      const link = mail.locator(`a[href*="${pathPart}"]`).first();
      await link.waitFor({ state: 'visible' });
      if (!(await mail.evaluate((d) => d.open))) throw new Error('The mail did not expand with Enter.');
      await checkA11y(page, 'the outbox with a mail expanded');
      return link.getAttribute('href');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`No mail to ${to} with a link containing ${pathPart} in the outbox.`);
}

/** Waits until the locator is visible; a timeout fails with `what` (what the walk expected to see). */
export async function waitFor(locator, what, timeout = 15_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new Error(`Expected ${what}, not seen within ${timeout / 1000}s.\n${error.message.split('\n')[0]}`);
  }
}

/** Waits until the locator is gone (detached or hidden); a timeout fails with `what`. */
export async function waitGone(locator, what, timeout = 15_000) {
  try {
    await locator.waitFor({ state: 'hidden', timeout });
  } catch (error) {
    throw new Error(`Expected ${what}, still there after ${timeout / 1000}s.\n${error.message.split('\n')[0]}`);
  }
}

/** Invites `email` with the preselected role (member) through the Invitations page, by keyboard. */
export async function inviteMember(page, email) {
  await activate(page, page.getByRole('link', { name: 'Invitations', exact: true }), 'the Invitations link');
  await expectHeading(page, 'Invitations');
  await typeInto(page, page.getByLabel('Adresse e-mail'), email, 'the invitee email field');
  await activate(page, page.getByRole('button', { name: 'Envoyer l’invitation' }), 'the invite button');
  await waitFor(page.getByRole('status').filter({ hasText: `Invitation envoyée à ${email}` }), `the confirmation of the invitation to ${email}`);
}

/** From any page, opens a theme through the Discussions navigation entry, by keyboard. */
export async function openTheme(page, label) {
  await activate(page, page.getByRole('navigation').getByRole('link', { name: 'Discussions', exact: true }), 'the Discussions link');
  await expectHeading(page, 'Discussions');
  await waitFor(page.getByRole('heading', { level: 2, name: 'Réseau' }), 'the “Réseau” family of themes');
  await activate(page, page.getByRole('main').getByRole('link', { name: new RegExp(`^${label}`) }), `the theme link “${label}”`);
  await expectHeading(page, label);
  await waitFor(page.getByRole('heading', { level: 2, name: 'Fils de discussion' }), 'the list of threads');
}
