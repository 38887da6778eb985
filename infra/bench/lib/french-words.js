'use strict';
// French-like vocabulary for generated posts (territorial cooperation, with accents, plurals
// and conjugations so that the French stemmer and unaccent have work to do).
const WORDS = `le la les un une des du de et ou mais donc pour par avec sans sur sous dans entre chez vers
nous vous ils elles on qui que quoi dont notre votre leur leurs ce cette ces tout toute tous
territoire territoires territorial territoriale territoriales collectivité collectivités commune communes
intercommunalité département région régions métropole village villages quartier quartiers ruralité rural
rurale association associations entreprise entreprises acteur acteurs partenaire partenaires partenariat
partenariats alliance alliances coopération coopérer coopérons coopèrent réseau réseaux maillage
catalyseur catalyseurs animateur animatrice animation animer animons projet projets innovation innovations
innovant innovante expérimentation expérimenter expérience expériences financement financements financer
financé subvention subventions fonds dotation mécénat mécène budget budgets investissement économie
économique économiques sociale solidaire emploi emplois insertion formation formations compétence
compétences mobilité mobilités transport transports logement habitat énergie énergies transition
écologique climat eau agriculture alimentation circuit circuits court courts tiers-lieu tiers-lieux
fablab atelier ateliers numérique inclusion santé jeunesse jeunes aînés culture patrimoine tourisme
stratégie stratégies diagnostic écosystème écosystèmes gouvernance pilotage évaluation impact impacts
mesurer mesure indicateur indicateurs modèle modèles socio-économique hybridation ressources ressource
mutualiser mutualisation mutualisé partager partage partagé outil outils méthode méthodes retour retours
réunion réunions rencontre rencontres séminaire webinaire visio accompagnement accompagner accompagné
élu élus élue maire conseil conseils agent agents technicien chargée mission missions appel appels
candidature dossier dossiers convention conventions contrat contrats marché public publics achat achats
question questions réponse réponses conseil idée idées proposition propositions besoin besoins difficulté
difficultés réussite réussites témoignage témoignages exemple exemples pratique pratiques bonne bonnes
Bretagne Normandie Occitanie Provence Alsace Tahiti Guyane Réunion Martinique Corse Savoie Auvergne
Brest Rennes Nantes Lyon Lille Marseille Toulouse Bordeaux Grenoble Papeete Cayenne
cherche cherchons propose proposons partage recommande recommandons organise organisons lance lançons
monté monter montage construire construit construction développer développement développé soutenir
soutien soutenu trouver trouvé rencontrer rencontré aider aide aides aidé comment pourquoi quand où
rapide simple difficile possible nouveau nouvelle nouveaux nouvelles local locale locaux locales`.split(/\s+/).filter(Boolean);

// Queries for the search figure: single words, plurals, accents dropped, two-word queries.
const QUERIES = ['financement', 'collectivites territoriales', 'tiers-lieu', 'alliance entreprises', 'mobilité rurale',
  'economie sociale solidaire', 'subventions', 'écosystème', 'mutualisation outils', 'Bretagne', 'partenariats associations',
  'transition écologique', 'appel candidature', 'fonds dotation', 'innovation territoriale', 'circuits courts alimentation',
  'gouvernance', 'témoignages', 'accompagnement projets', 'indicateurs impact', 'formation compétences',
  'logement habitat', 'numérique inclusion', 'Papeete', 'coopérer', 'convention partenariat', 'santé jeunes',
  'énergie', 'stratégie diagnostic', 'marchés publics'];

module.exports = { WORDS, QUERIES };
