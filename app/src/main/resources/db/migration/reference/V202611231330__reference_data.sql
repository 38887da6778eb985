-- Reference data of the network, copied from shared/reference/*.csv.
-- Owned by the reference feature; later changes come as new migrations.
CREATE TABLE territory (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('region', 'overseas_region', 'overseas_collectivity')),
    time_zone  TEXT NOT NULL,
    sort_order INT  NOT NULL
);

CREATE TABLE theme (
    slug       TEXT PRIMARY KEY,
    label_fr   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    family     TEXT NOT NULL CHECK (family IN ('lever', 'topic', 'network', 'custom')),
    sort_order INT  NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE competence (
    slug       TEXT PRIMARY KEY,
    label_fr   TEXT NOT NULL,
    family     TEXT NOT NULL CHECK (family IN ('metier', 'method', 'economy', 'partnership', 'topic')),
    sort_order INT  NOT NULL
);

INSERT INTO territory (code, name, kind, time_zone, sort_order) VALUES
    ('11', 'Île-de-France', 'region', 'Europe/Paris', 1),
    ('24', 'Centre-Val de Loire', 'region', 'Europe/Paris', 2),
    ('27', 'Bourgogne-Franche-Comté', 'region', 'Europe/Paris', 3),
    ('28', 'Normandie', 'region', 'Europe/Paris', 4),
    ('32', 'Hauts-de-France', 'region', 'Europe/Paris', 5),
    ('44', 'Grand Est', 'region', 'Europe/Paris', 6),
    ('52', 'Pays de la Loire', 'region', 'Europe/Paris', 7),
    ('53', 'Bretagne', 'region', 'Europe/Paris', 8),
    ('75', 'Nouvelle-Aquitaine', 'region', 'Europe/Paris', 9),
    ('76', 'Occitanie', 'region', 'Europe/Paris', 10),
    ('84', 'Auvergne-Rhône-Alpes', 'region', 'Europe/Paris', 11),
    ('93', 'Provence-Alpes-Côte d''Azur', 'region', 'Europe/Paris', 12),
    ('94', 'Corse', 'region', 'Europe/Paris', 13),
    ('01', 'Guadeloupe', 'overseas_region', 'America/Guadeloupe', 14),
    ('02', 'Martinique', 'overseas_region', 'America/Martinique', 15),
    ('03', 'Guyane', 'overseas_region', 'America/Cayenne', 16),
    ('04', 'La Réunion', 'overseas_region', 'Indian/Reunion', 17),
    ('06', 'Mayotte', 'overseas_region', 'Indian/Mayotte', 18),
    ('975', 'Saint-Pierre-et-Miquelon', 'overseas_collectivity', 'America/Miquelon', 19),
    ('977', 'Saint-Barthélemy', 'overseas_collectivity', 'America/St_Barthelemy', 20),
    ('978', 'Saint-Martin', 'overseas_collectivity', 'America/Marigot', 21),
    ('986', 'Wallis-et-Futuna', 'overseas_collectivity', 'Pacific/Wallis', 22),
    ('987', 'Polynésie française', 'overseas_collectivity', 'Pacific/Tahiti', 23),
    ('988', 'Nouvelle-Calédonie', 'overseas_collectivity', 'Pacific/Noumea', 24);

INSERT INTO theme (slug, label_fr, label_en, family, sort_order) VALUES
    ('qualifier-son-innovation', 'Qualifier son innovation', 'Qualify your innovation', 'lever', 1),
    ('comprendre-son-ecosysteme', 'Comprendre son écosystème', 'Understand your ecosystem', 'lever', 2),
    ('definir-sa-strategie', 'Définir sa stratégie', 'Define your strategy', 'lever', 3),
    ('transformer-son-modele-socio-economique', 'Transformer son modèle socio-économique', 'Transform your socio-economic model', 'lever', 4),
    ('apprendre-a-faire-alliance', 'Apprendre à faire alliance', 'Learn to build alliances', 'lever', 5),
    ('accelerer-grace-au-numerique', 'Accélérer grâce au numérique', 'Accelerate with digital tools', 'lever', 6),
    ('evaluer-sa-pertinence', 'Évaluer sa pertinence', 'Evaluate your relevance', 'lever', 7),
    ('fragilites-et-alliances-innovantes', 'Fragilités en territoire et alliances innovantes', 'Local fragilities and innovative alliances', 'topic', 8),
    ('modeles-de-co-construction', 'Modèles de co-construction territoriale', 'Models of territorial co-construction', 'topic', 9),
    ('tiers-lieux-et-dialogue-territorial', 'Tiers-lieux et dialogue territorial', 'Third places and territorial dialogue', 'topic', 10),
    ('partenariats-associations-entreprises', 'Partenariats associations / entreprises', 'Association–business partnerships', 'topic', 11),
    ('modeles-socio-economiques-hybrides', 'Modèles socio-économiques hybrides', 'Hybrid socio-economic models', 'topic', 12),
    ('rse-et-partenariats', 'RSE et partenariats', 'CSR and partnerships', 'topic', 13),
    ('odd-et-agenda-2030', 'ODD et Agenda 2030', 'SDGs and the 2030 Agenda', 'topic', 14),
    ('entraide-et-accueil', 'Entraide et accueil des nouveaux', 'Help desk and welcome for newcomers', 'network', 15),
    ('vie-du-reseau', 'Vie du réseau', 'Network life', 'network', 16);

INSERT INTO competence (slug, label_fr, family, sort_order) VALUES
    ('dialogue-territorial', 'Animation du dialogue territorial', 'metier', 1),
    ('experimentations-collectives', 'Pilotage d''expérimentations collectives', 'metier', 2),
    ('accompagnement', 'Accompagnement de projets et de partenariats', 'metier', 3),
    ('gestion-de-lieu', 'Gestion d''un tiers-lieu', 'metier', 4),
    ('diagnostic-partage', 'Diagnostic partagé des besoins', 'method', 5),
    ('mobilisation-des-acteurs', 'Mobilisation des acteurs', 'method', 6),
    ('mediation-tiers-de-confiance', 'Médiation et tiers de confiance', 'method', 7),
    ('facilitation-intelligence-collective', 'Facilitation et intelligence collective', 'method', 8),
    ('evaluation-impact', 'Évaluation et mesure d''impact', 'method', 9),
    ('gouvernance-partagee', 'Gouvernance partagée', 'method', 10),
    ('modeles-economiques', 'Modèles socio-économiques et financement', 'economy', 11),
    ('mecenat', 'Mécénat et mécénat de compétences', 'economy', 12),
    ('fonds-europeens', 'Fonds européens et appels à projets', 'economy', 13),
    ('cadre-juridique-fiscal', 'Cadre juridique et fiscal', 'economy', 14),
    ('partenariats-entreprises', 'Partenariats avec les entreprises', 'partnership', 15),
    ('partenariats-collectivites', 'Travail avec les collectivités et les élus', 'partnership', 16),
    ('partenariats-associations', 'Travail avec les associations', 'partnership', 17),
    ('recherche-action', 'Recherche-action et lien avec les acteurs académiques', 'partnership', 18),
    ('rse', 'RSE et engagement des entreprises', 'partnership', 19),
    ('odd-agenda-2030', 'Appropriation des ODD', 'topic', 20),
    ('developpement-economique-local', 'Développement économique local', 'topic', 21),
    ('emploi-insertion', 'Emploi et insertion', 'topic', 22),
    ('transition-ecologique', 'Transition écologique', 'topic', 23),
    ('inclusion-numerique', 'Inclusion et médiation numérique', 'topic', 24),
    ('participation-citoyenne', 'Participation citoyenne', 'topic', 25);
