-- English names of the reference data, so that English readers never see French labels.
-- Themes had label_en from the start; competences (métiers included) and territories get theirs.
ALTER TABLE competence ADD COLUMN label_en TEXT;

UPDATE competence SET label_en = v.label_en FROM (VALUES
    ('dialogue-territorial', 'Facilitating territorial dialogue'),
    ('experimentations-collectives', 'Steering collective experiments'),
    ('accompagnement', 'Supporting projects and partnerships'),
    ('gestion-de-lieu', 'Running a third place'),
    ('diagnostic-partage', 'Shared needs assessment'),
    ('mobilisation-des-acteurs', 'Mobilising stakeholders'),
    ('mediation-tiers-de-confiance', 'Mediation and trusted third party'),
    ('facilitation-intelligence-collective', 'Facilitation and collective intelligence'),
    ('evaluation-impact', 'Evaluation and impact measurement'),
    ('gouvernance-partagee', 'Shared governance'),
    ('modeles-economiques', 'Socio-economic models and funding'),
    ('mecenat', 'Sponsorship and skills-based sponsorship'),
    ('fonds-europeens', 'European funds and calls for projects'),
    ('cadre-juridique-fiscal', 'Legal and tax framework'),
    ('partenariats-entreprises', 'Partnerships with businesses'),
    ('partenariats-collectivites', 'Working with local authorities and elected officials'),
    ('partenariats-associations', 'Working with associations'),
    ('recherche-action', 'Action research and links with academia'),
    ('rse', 'CSR and business engagement'),
    ('odd-agenda-2030', 'Taking up the SDGs'),
    ('developpement-economique-local', 'Local economic development'),
    ('emploi-insertion', 'Employment and social integration'),
    ('transition-ecologique', 'Ecological transition'),
    ('inclusion-numerique', 'Digital inclusion and mediation'),
    ('participation-citoyenne', 'Citizen participation')
) AS v(slug, label_en) WHERE competence.slug = v.slug;

-- A competence added later without an English label shows its French one until translated.
UPDATE competence SET label_en = label_fr WHERE label_en IS NULL;
ALTER TABLE competence ALTER COLUMN label_en SET NOT NULL;

ALTER TABLE territory ADD COLUMN name_en TEXT;

UPDATE territory SET name_en = v.name_en FROM (VALUES
    ('11', 'Île-de-France'),
    ('24', 'Centre-Val de Loire'),
    ('27', 'Burgundy-Franche-Comté'),
    ('28', 'Normandy'),
    ('32', 'Hauts-de-France'),
    ('44', 'Grand Est'),
    ('52', 'Pays de la Loire'),
    ('53', 'Brittany'),
    ('75', 'Nouvelle-Aquitaine'),
    ('76', 'Occitania'),
    ('84', 'Auvergne-Rhône-Alpes'),
    ('93', 'Provence-Alpes-Côte d''Azur'),
    ('94', 'Corsica'),
    ('01', 'Guadeloupe'),
    ('02', 'Martinique'),
    ('03', 'French Guiana'),
    ('04', 'Réunion'),
    ('06', 'Mayotte'),
    ('975', 'Saint Pierre and Miquelon'),
    ('977', 'Saint Barthélemy'),
    ('978', 'Saint Martin'),
    ('986', 'Wallis and Futuna'),
    ('987', 'French Polynesia'),
    ('988', 'New Caledonia')
) AS v(code, name_en) WHERE territory.code = v.code;

UPDATE territory SET name_en = name WHERE name_en IS NULL;
ALTER TABLE territory ALTER COLUMN name_en SET NOT NULL;
