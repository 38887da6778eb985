// The demo network (issue 16): seeds a realistic French network through the public API and
// the socket, the way people would, on a Maillage that has no account yet.
//
//   npm run demo                 starts ../app/target/maillage.jar on a fresh data directory,
//                                seeds it, and keeps it running (Ctrl-C stops it)
//   DEMO_BASE_URL=… DEMO_ADMIN_INVITE_URL=… npm run demo:seed
//                                seeds a running server from its first-administrator link
//
// It refuses a server that already has accounts: only a fresh one prints that link.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export const PASSWORD = 'Maillage demo 2026 !';
const here = dirname(fileURLToPath(import.meta.url));

/** A person's HTTP client: cookies, the CSRF header, JSON; and their socket, opened on demand. */
class Person {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.socket = null;
    this.next = 1;
    this.waiting = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(method, path, body) {
    if (method !== 'GET' && !this.cookies.has('maillage_csrf')) await this.call('GET', '/api/session');
    const headers = { Accept: 'application/json', Origin: this.base, Cookie: this.cookieHeader() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = this.cookies.get('maillage_csrf') ?? '';
    const reply = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of reply.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await reply.text();
    const json = text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : null;
    if (reply.status >= 400) throw new Error(`${method} ${path} → ${reply.status} ${text.slice(0, 300)}`);
    return json;
  }

  get = (path) => this.call('GET', path);
  post = (path, body = {}) => this.call('POST', path, body);
  put = (path, body = {}) => this.call('PUT', path, body);

  async open() {
    if (this.socket) return;
    const url = this.base.replace(/^http/, 'ws') + '/ws';
    this.socket = new WebSocket(url, { headers: { Cookie: this.cookieHeader(), Origin: this.base } });
    await new Promise((resolve, reject) => {
      this.socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'hello') resolve();
        const done = frame.requestId && this.waiting.get(frame.requestId);
        if (done) {
          this.waiting.delete(frame.requestId);
          done(frame);
        }
      });
      this.socket.on('error', reject);
    });
  }

  /** A socket command; resolves with its ack's result, throws on an error frame. */
  async command(command) {
    await this.open();
    const requestId = `d${this.next++}`;
    const frame = await new Promise((resolve) => {
      this.waiting.set(requestId, resolve);
      this.socket.send(JSON.stringify({ ...command, requestId, idempotencyKey: randomUUID() }));
    });
    if (frame.type !== 'ack') throw new Error(`${command.type} refused: ${JSON.stringify(frame.problem ?? frame)}`);
    return frame.result ?? {};
  }

  close() {
    this.socket?.close();
  }
}

const PEOPLE = [
  // name, territory, role, organisation, competences can_help / wants_to_learn, pioneer
  ['Ysaline Quenum', '11', 'facilitator', 'Réseau des catalyseurs', ['facilitation-intelligence-collective', 'mobilisation-des-acteurs'], [], false],
  ['Mathis Laborde', '76', 'facilitator', 'Occitanie Coopère', ['gouvernance-partagee', 'accompagnement'], [], false],
  ['Keanu Teriierooiterai', '987', 'facilitator', 'Fare Ora, tiers-lieu de Papeete', ['dialogue-territorial', 'gestion-de-lieu'], [], true],
  ['Maëlle Riviere', '04', 'member', 'Tiers-lieu La Kaz Kréol, Saint-Pierre', ['fonds-europeens', 'modeles-economiques', 'gestion-de-lieu'], ['rse'], true],
  ['Jean-Philippe Sainte-Rose', '01', 'member', 'Communauté d’agglomération Cap Excellence', ['partenariats-collectivites', 'fonds-europeens'], [], true],
  ['Aïcha Soilihi', '06', 'member', 'Association Wenka Culture, Mamoudzou', ['emploi-insertion'], ['fonds-europeens', 'modeles-economiques'], false],
  ['Léon Horth', '03', 'member', 'Maison des initiatives de Saint-Laurent-du-Maroni', ['diagnostic-partage'], ['gouvernance-partagee', 'mecenat'], false],
  ['Nadia Joseph-Angélique', '02', 'member', 'Fondation Martinique Solidaire', ['mecenat', 'partenariats-entreprises'], [], true],
  ['Tevita Falelavaki', '986', 'member', 'Conseil coutumier, Uvea', ['mediation-tiers-de-confiance'], ['inclusion-numerique'], false],
  ['Camille Wamytan', '988', 'member', 'Province Sud, mission économie solidaire', ['transition-ecologique', 'participation-citoyenne'], [], true],
  ['Pierre Detcheverry', '975', 'member', 'Saint-Pierre Entreprendre', ['developpement-economique-local'], ['recherche-action'], false],
  ['Gwladys Lédée', '977', 'member', 'Collectivité de Saint-Barthélemy', ['partenariats-collectivites'], ['participation-citoyenne'], false],
  ['Dimitri Gumbs', '978', 'member', 'Saint-Martin Solidarité', ['inclusion-numerique'], ['fonds-europeens'], false],
  ['Solène Le Goff', '53', 'member', 'Tiers-lieu Ti Lab, Morlaix', ['gestion-de-lieu', 'evaluation-impact'], [], true],
  ['Hugo Marchand', '44', 'member', 'Grand Est Alliances', ['partenariats-entreprises', 'rse'], [], true],
  ['Inès Benali', '32', 'member', 'Association Lille Quartiers', ['participation-citoyenne'], ['evaluation-impact'], false],
  ['Romain Carré', '52', 'member', 'Nantes Métropole, mission ESS', ['partenariats-associations'], [], false],
  ['Élodie Vasseur', '28', 'member', 'Fondation Normandie Entreprendre', ['mecenat', 'rse'], [], true],
  ['Baptiste Morel', '84', 'member', 'Coopérative Alpes Solidaires (SCIC)', ['gouvernance-partagee', 'modeles-economiques'], [], true],
  ['Clara Santoni', '94', 'member', 'Corsica Tiers-lieux', ['gestion-de-lieu'], ['fonds-europeens'], false],
  ['Yann Bellec', '75', 'member', 'Bordeaux Transition', ['transition-ecologique'], ['modeles-economiques'], false],
  ['Manon Girard', '27', 'member', 'PTCE Bourgogne Coop', ['experimentations-collectives'], [], false],
  ['Thomas Nguyen', '24', 'member', 'Orléans Numérique Inclusif', ['inclusion-numerique', 'accelerer'], [], false],
  ['Sarah Cohen', '93', 'member', 'Marseille Solidarités Nord', ['emploi-insertion', 'participation-citoyenne'], [], true],
  ['Lucas Fontaine', '11', 'member', 'Université Paris Cité, chaire ESS', ['recherche-action', 'evaluation-impact'], [], true],
  ['Julie Perrin', '84', 'member', 'Lyon Métropole, direction de l’innovation', ['partenariats-collectivites'], ['mecenat'], false],
  ['Marius Payet', '04', 'member', 'Association Ansanm, Saint-Denis', ['participation-citoyenne'], ['gestion-de-lieu'], false],
  ['Laetitia Bellance', '02', 'member', 'Fort-de-France Initiatives', ['accompagnement'], ['evaluation-impact'], false],
  ['Fabrice Abdallah', '06', 'member', 'Mayotte Développement', ['developpement-economique-local'], ['partenariats-entreprises'], false],
  ['Océane Ho-A-Chuck', '03', 'member', 'Cayenne Tiers-lieu Numérique', ['inclusion-numerique'], ['fonds-europeens'], false],
  ['Rémi Vaiarii', '987', 'member', 'Raiatea Pêche Durable', ['transition-ecologique'], ['modeles-economiques'], false],
  ['Anaïs Lefèvre', '11', 'member', 'Fondation de France, programme territoires', ['mecenat', 'fonds-europeens'], [], true],
  ['Bruno Martin', '53', 'member', 'Brest Coopération', ['modeles-economiques'], [], false],
  ['Chloé Dubois', '76', 'member', 'Toulouse Tiers-Lieux', ['gestion-de-lieu'], ['rse'], false],
  ['Kévin Lauret', '01', 'member', 'Pointe-à-Pitre Économie Sociale', ['emploi-insertion'], ['partenariats-entreprises'], false],
  ['Sophie Arnaud', '32', 'member', 'Entreprise Nord Engagée', ['rse', 'partenariats-entreprises'], [], false],
  ['Paul Ménard', '28', 'guest', 'Cabinet Ménard Conseil', [], [], false],
  ['Agathe Lemoine', '11', 'guest', 'Agence nationale de la cohésion des territoires', [], [], false],
];

const THREADS = [
  ['qualifier-son-innovation', 'question', 'Comment décrire une innovation qui n’est « que » sociale ?', 'Nos financeurs attendent un brevet ou une technologie. Comment avez-vous qualifié une innovation d’usage ou d’organisation ?', ['Nous utilisons la grille du Labo de l’ESS : besoin, réponse, changement d’échelle.', 'À La Réunion, le dossier a convaincu quand nous avons montré les usages réels du lieu.']],
  ['comprendre-son-ecosysteme', 'discussion', 'Cartographier les acteurs d’un territoire ultramarin', 'Qui a déjà fait une cartographie des acteurs à Mayotte ou en Guyane ? Les listes nationales ne disent rien de chez nous.', ['Nous sommes partis des associations de quartier, puis des élus : deux mois de rencontres.', 'La CRESS Guyane a une base à jour, demandez-leur.']],
  ['definir-sa-strategie', 'discussion', 'Une feuille de route sur trois ans, c’est trop long ?', 'Notre conseil d’administration veut un plan à trois ans ; les partenaires changent tous les ans.', ['Faites une stratégie à trois ans et un plan d’action révisé tous les six mois.']],
  ['transformer-son-modele-socio-economique', 'question', 'Financer un tiers-lieu sans subvention de fonctionnement', 'Nos subventions baissent de 30 %. Quels revenus d’activité ont marché chez vous ?', ['Location d’espaces aux entreprises du territoire : 40 % de nos recettes.', 'Un fonds de dotation avec trois entreprises locales, monté en un an.', 'Attention au rescrit fiscal avant d’émettre des reçus.']],
  ['apprendre-a-faire-alliance', 'discussion', 'Associations et entreprises : par où commencer ?', 'Nous voulons une première alliance avec une entreprise du port. Quel premier pas ?', ['Un petit-déjeuner sur un besoin précis, pas une plaquette.', 'Le mécénat de compétences est une porte plus facile que le mécénat financier.']],
  ['accelerer-grace-au-numerique', 'discussion', 'Des outils numériques simples pour une petite équipe', 'Nous sommes trois salariés : quels outils partagés utilisez-vous, sans abonnement ruineux ?', ['Un agenda partagé et un espace de travail comme celui de Maillage nous suffisent.']],
  ['evaluer-sa-pertinence', 'question', 'Mesurer l’impact sans y passer l’année', 'Combien d’indicateurs suivez-vous vraiment ? Nous en avons 45 et personne ne les lit.', ['Cinq indicateurs, revus chaque trimestre avec les bénéficiaires.', 'La méthode VISES est adaptée aux petites structures.']],
  ['entraide-et-accueil', 'discussion', 'Bienvenue aux nouveaux de décembre !', 'Présentez-vous ici : votre territoire, votre structure, ce que vous cherchez.', ['Bonjour à tous, Aïcha, de Mamoudzou : je cherche des retours sur les fonds européens.', 'Bienvenue Aïcha ! Maëlle à La Réunion a monté un dossier FEDER l’an dernier.']],
  ['vie-du-reseau', 'discussion', 'Rencontre annuelle des catalyseurs : vos idées', 'La rencontre 2027 aura lieu en mars. Quels ateliers voulez-vous ?', ['Un atelier sur les fonds européens dans les outre-mer.', 'Des visites de tiers-lieux, en vrai ou en vidéo pour ceux qui ne peuvent pas venir.', 'Un temps sur les alliances avec les collectivités.']],
];

const HELP = [
  ['Aïcha Soilihi', 'Monter un premier dossier FSE+', 'Nous voulons financer un chantier d’insertion à Mamoudzou. Qui peut relire notre note d’intention ?', ['fonds-europeens'], 'transformer-son-modele-socio-economique', 'high', 'call', 'solved'],
  ['Léon Horth', 'Installer une gouvernance partagée', 'Notre maison des initiatives veut associer les habitants aux décisions. Par où commencer ?', ['gouvernance-partagee'], 'apprendre-a-faire-alliance', 'normal', 'visit', 'accepted'],
  ['Clara Santoni', 'Fonds européens pour un tiers-lieu rural', 'Quels programmes pour rénover un ancien moulin en tiers-lieu en Corse ?', ['fonds-europeens'], 'transformer-son-modele-socio-economique', 'normal', 'written', 'open'],
  ['Yann Bellec', 'Modèle économique d’une recyclerie', 'Nous hésitons entre SCIC et association. Qui a comparé ?', ['modeles-economiques'], 'transformer-son-modele-socio-economique', 'low', 'written', 'open'],
];

/** Seeds the network; returns the people by name (each a signed-in client). */
export async function seed(base, adminInviteUrl, log = console.log) {
  const token = adminInviteUrl.slice(adminInviteUrl.lastIndexOf('/') + 1);
  const admin = new Person(base);
  try {
    await admin.get(`/api/invitations/${token}`);
  } catch {
    throw new Error('This first-administrator link does not work: the demo only seeds a Maillage that has no account yet.');
  }
  await admin.post(`/api/invitations/${token}/accept`, {
    email: 'admin@demo.maillage.fr', displayName: 'Hélène Marceau', password: PASSWORD, territoryCode: '11', language: 'fr',
  });
  log('administrator: admin@demo.maillage.fr');
  const people = new Map([['Hélène Marceau', admin]]);
  const ids = new Map();
  ids.set('Hélène Marceau', (await admin.get('/api/me')).id);
  const territories = await admin.get('/api/reference/territories').catch(() => []);
  const zoneOf = new Map((Array.isArray(territories) ? territories : []).map((t) => [t.code, t.timeZone]));

  for (const [name, territory, role, organisation, canHelp, learn, pioneer] of PEOPLE) {
    const email = `${name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, '.')}@demo.maillage.fr`;
    await admin.post('/api/invitations', { email, role, message: 'Bienvenue dans le réseau des catalyseurs !' });
    const outbox = await admin.get('/api/admin/outbox');
    const mail = outbox.find((m) => m.to === email);
    const link = mail?.textBody.match(/\/invitation\/([A-Za-z0-9_-]+)/)?.[1];
    if (!link) throw new Error(`no invitation link for ${email}`);
    const person = new Person(base);
    await person.post(`/api/invitations/${link}/accept`, {
      displayName: name, password: PASSWORD, territoryCode: territory, ...(zoneOf.get(territory) ? { timeZone: zoneOf.get(territory) } : {}), language: 'fr',
    });
    const me = await person.get('/api/me');
    ids.set(name, me.id);
    people.set(name, person);
    if (role !== 'guest') {
      const known = new Set(['dialogue-territorial', 'experimentations-collectives', 'accompagnement', 'gestion-de-lieu', 'diagnostic-partage', 'mobilisation-des-acteurs', 'mediation-tiers-de-confiance', 'facilitation-intelligence-collective', 'evaluation-impact', 'gouvernance-partagee', 'modeles-economiques', 'mecenat', 'fonds-europeens', 'cadre-juridique-fiscal', 'partenariats-entreprises', 'partenariats-collectivites', 'partenariats-associations', 'recherche-action', 'rse', 'odd-agenda-2030', 'developpement-economique-local', 'emploi-insertion', 'transition-ecologique', 'inclusion-numerique', 'participation-citoyenne']);
      const metiers = ['dialogue-territorial', 'experimentations-collectives', 'accompagnement', 'gestion-de-lieu'];
      const competences = [
        ...canHelp.filter((c) => known.has(c) && !metiers.includes(c)).map((slug) => ({ slug, mode: 'can_help' })),
        ...learn.filter((c) => known.has(c) && !metiers.includes(c)).map((slug) => ({ slug, mode: 'wants_to_learn' })),
      ];
      await person.put('/api/directory/me', {
        organisation, organisationKind: /Communauté|Collectivité|Province|Métropole|Conseil/.test(organisation) ? 'collectivite' : /Fondation/.test(organisation) ? 'foundation' : /Université/.test(organisation) ? 'academic' : /Entreprise|Cabinet/.test(organisation) ? 'company' : 'association',
        metiers: canHelp.filter((c) => metiers.includes(c)), competences, pioneer, availability: 'open', maxOpenRequests: 3, languages: ['fr'], showEmail: false,
        bio: `${organisation}. Au réseau pour partager ce qui marche et apprendre des autres territoires.`,
      });
      if (pioneer) await admin.put(`/api/directory/people/${me.id}/pioneer`, { confirmed: true });
    }
    log(`${role}: ${name} (${territory})`);
  }

  // Guests read two themes each.
  for (const guest of ['Paul Ménard', 'Agathe Lemoine']) {
    for (const slug of ['vie-du-reseau', 'apprendre-a-faire-alliance']) await admin.put(`/api/themes/${slug}/guests/${ids.get(guest)}`);
  }

  // Threads and replies, each by its author over the socket.
  const members = PEOPLE.filter((p) => p[2] !== 'guest').map((p) => p[0]);
  let turn = 0;
  const someone = () => people.get(members[turn++ % members.length]);
  for (const [theme, kind, title, body, replies] of THREADS) {
    const { threadId } = await someone().command({ type: 'discussion.create_thread', theme, kind, title, body });
    for (const reply of replies) await someone().command({ type: 'discussion.reply', threadId, body: reply });
    log(`thread: ${title}`);
  }

  // Help requests in each state.
  for (const [name, title, need, competences, theme, urgency, preferredForm, state] of HELP) {
    const asker = people.get(name);
    const request = await asker.post('/api/help', { idempotencyKey: randomUUID(), title, need, competences, theme, urgency, preferredForm });
    if (state !== 'open') {
      let helper = null;
      for (const [, person] of people) {
        const mine = await person.get('/api/help').catch(() => null);
        if (mine?.offered?.some((r) => r.id === request.id)) {
          helper = person;
          break;
        }
      }
      if (helper) {
        await helper.post(`/api/help/${request.id}/accept`);
        await asker.post(`/api/help/${request.id}/messages`, { idempotencyKey: randomUUID(), body: 'Merci ! Je vous envoie notre note dès demain.' });
        if (state === 'solved') await asker.post(`/api/help/${request.id}/solve`, { thanks: 'Un immense merci, le dossier est déposé.' });
      }
    }
    log(`help request (${state}): ${title}`);
  }

  // A session series every two months, with answers.
  const facilitator = people.get('Ysaline Quenum');
  const year = new Date().getFullYear() + (new Date().getMonth() >= 10 ? 1 : 0);
  const series = await facilitator.post('/api/peer-sessions/series', {
    idempotencyKey: randomUUID(), theme: 'vie-du-reseau', title: 'Café des catalyseurs : les outre-mer et l’Hexagone',
    description: 'Une heure pour partager une réussite et une difficulté, toutes les deux semaines paires, à une heure possible de Papeete à Paris.',
    format: 'online', durationMinutes: 60, firstStart: `${year}-01-14T19:00:00`, timeZone: 'Europe/Paris', recurrence: 'bimonthly', capacity: 30,
  });
  const occurrences = series.occurrences ?? [];
  const answers = ['yes', 'yes', 'maybe', 'no', 'yes'];
  for (const [i, name] of members.slice(3, 15).entries()) {
    if (occurrences[0]) await people.get(name).put(`/api/peer-sessions/occurrences/${occurrences[0].id}/rsvp`, { answer: answers[i % answers.length] });
  }
  await people.get('Mathis Laborde').post('/api/peer-sessions/series', {
    idempotencyKey: randomUUID(), theme: 'transformer-son-modele-socio-economique', title: 'Atelier : financements européens pour les tiers-lieux',
    description: 'FEDER, FSE+, LEADER : qui finance quoi, avec les retours de La Réunion et de la Guadeloupe.',
    format: 'hybrid', place: 'Tiers-lieu Ti Lab, Morlaix', territoryCode: '53', durationMinutes: 90, firstStart: `${year}-02-03T14:00:00`, timeZone: 'Europe/Paris', recurrence: 'once',
  });
  log('sessions: 2 series');

  // A workspace with a document, links and members.
  const owner = people.get('Maëlle Riviere');
  const ws = await owner.post('/api/workspaces', { name: 'Kit des tiers-lieux ultramarins', purpose: 'Écrire ensemble un guide des financements et des partenariats pour les tiers-lieux des outre-mer.', theme: 'transformer-son-modele-socio-economique' });
  for (const name of ['Jean-Philippe Sainte-Rose', 'Aïcha Soilihi', 'Keanu Teriierooiterai', 'Solène Le Goff', 'Ysaline Quenum']) {
    await owner.put(`/api/workspaces/${ws.id}/members/${ids.get(name)}`);
  }
  await owner.post(`/api/workspaces/${ws.id}/documents`, { title: 'Guide des financements européens' });
  await owner.post(`/api/workspaces/${ws.id}/documents`, { title: 'Compte rendu de l’atelier de novembre' });
  await owner.post(`/api/workspaces/${ws.id}/links`, { url: 'https://www.europe-en-france.gouv.fr/', title: 'L’Europe s’engage en France' });
  log('workspace: Kit des tiers-lieux ultramarins');

  for (const p of people.values()) p.close();
  return { people: [...people.keys()], password: PASSWORD };
}

/** Starts the jar on a fresh data directory; resolves with its base URL, first-admin link, and process. */
export async function startFreshServer(port = 8091) {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-demo-'));
  const base = `http://localhost:${port}`;
  const jar = join(here, '..', '..', 'app', 'target', 'maillage.jar');
  const child = spawn('java', ['-jar', jar], {
    env: { ...process.env, MAILLAGE_DATA_DIR: dataDir, MAILLAGE_PORT: String(port), MAILLAGE_PUBLIC_URL: base, MAILLAGE_DATABASE_URL: '', MAILLAGE_REDIS_URI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const link = await new Promise((resolve, reject) => {
    let out = '';
    const look = (data) => {
      out += String(data);
      const m = out.match(/https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/);
      if (m) resolve(m[0]);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}):\n${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error('no first-administrator link within 120 s')), 120_000);
  });
  return { base, link, child, dataDir };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = process.env.DEMO_BASE_URL;
  if (running) {
    const link = process.env.DEMO_ADMIN_INVITE_URL;
    if (!link) throw new Error('Set DEMO_ADMIN_INVITE_URL to the first-administrator link the server printed.');
    await seed(running, link);
    console.log(`\nDemo seeded. Sign in at ${running} as admin@demo.maillage.fr, password « ${PASSWORD} ».`);
  } else {
    const { base, link, child, dataDir } = await startFreshServer(Number(process.env.DEMO_PORT ?? 8091));
    await seed(base, link);
    console.log(`\nDemo ready at ${base} (data in ${dataDir}).`);
    console.log(`Sign in as admin@demo.maillage.fr (or any person, e.g. maelle.riviere@demo.maillage.fr), password « ${PASSWORD} ». Ctrl-C stops it.`);
    process.on('SIGINT', () => child.kill('SIGTERM'));
  }
}
