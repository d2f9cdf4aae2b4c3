"""Words the generator draws from: fictional places, French names, services, projects.

Every authority and person is fictional. Lists are tuples: the generator draws from them with a
seeded ``random.Random``, so their order is part of the dataset (changing a list changes the
rows a seed gives).
"""

from __future__ import annotations

# fmt: off
FIRST_NAMES = (
    "Camille", "Dominique", "Claude", "Sacha", "Alix", "Marie", "Jean", "Nathalie", "Isabelle",
    "Sylvie", "Catherine", "Christine", "Sandrine", "Valérie", "Céline", "Stéphanie", "Sophie",
    "Aurélie", "Julie", "Émilie", "Laure", "Claire", "Anne", "Hélène", "Caroline", "Virginie",
    "Delphine", "Karine", "Élodie", "Audrey", "Mélanie", "Laetitia", "Sarah", "Léa", "Manon",
    "Chloé", "Inès", "Fatima", "Aïcha", "Yasmine", "Nadia", "Samia", "Mariama", "Awa", "Linh",
    "Mei", "Ana", "Lucia", "Elena", "Agnès", "Brigitte", "Martine", "Monique", "Odile",
    "Pascale", "Florence", "Véronique", "Corinne", "Patricia", "Béatrice", "Jeanne", "Louise",
    "Pierre", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Christophe", "Laurent",
    "Stéphane", "Frédéric", "Sébastien", "Julien", "David", "Olivier", "Éric", "Thierry",
    "François", "Pascal", "Vincent", "Jérôme", "Mathieu", "Guillaume", "Thomas", "Antoine",
    "Romain", "Maxime", "Alexandre", "Benoît", "Bruno", "Cédric", "Damien", "Fabrice", "Franck",
    "Gilles", "Hervé", "Jacques", "Lionel", "Marc", "Xavier", "Yann", "Karim", "Mehdi",
    "Mohamed", "Youssef", "Rachid", "Moussa", "Mamadou", "Ibrahima", "Oumar", "Minh", "Wei",
    "Paulo", "Diego", "Luca", "Hugo", "Lucas", "Théo", "Louis", "Arthur", "Nathan", "Adrien",
    "Baptiste", "Clément", "Quentin", "Rémi", "Simon", "Tristan", "Yves", "Gérard", "René",
)

LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger",
    "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur",
    "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier",
    "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard",
    "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger",
    "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
    "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier",
    "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob",
    "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain",
    "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître",
    "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy",
    "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier",
    "Laporte", "Diallo", "Traoré", "Ndiaye", "Diop", "Nguyen", "Tran", "Benali", "Haddad",
    "Mansour", "Cissé", "Koné", "Sow", "Camara", "Ferreira", "Pereira", "Rossi", "Bianchi",
)

JOB_TITLES = (
    "Chargé de mission", "Chargée de mission", "Gestionnaire administratif", "Assistante de "
    "direction", "Chef de projet", "Cheffe de service", "Responsable d'unité", "Technicien",
    "Ingénieure", "Agent d'accueil", "Comptable", "Juriste", "Animateur", "Éducatrice",
    "Médiateur culturel", "Bibliothécaire", "Agent d'entretien", "Jardinier", "Urbaniste",
    "Développeur", "Chargée de communication", "Instructeur", "Archiviste", "Acheteur public",
    "Conseillère en insertion", "Coordinateur jeunesse", "Éducateur sportif", "Contrôleur de "
    "gestion", "Géomaticienne", "Chargé de subventions", "Agent de maîtrise", "Directrice adjointe",
)

PLACE_PREFIXES = (
    "Saint-", "Sainte-", "Villeneuve-", "Mont", "Beau", "Bourg-", "Val-", "Port-", "Fontaine-",
    "Château-", "Roche-", "Pont-", "Bois-", "Belle", "Neuf", "Ville", "Clair", "Haute-", "Grand-",
    "Petit-",
)
PLACE_ROOTS = (
    "Aubin", "Orme", "Rivel", "Vallon", "Morand", "Lavergne", "Cerisy", "Aurel", "Brenne",
    "Tillac", "Marsan", "Corbel", "Lisle", "Varenne", "Jallais", "Mérignol", "Vaudrey", "Crolles",
    "Ardanne", "Sorbiers", "Lunel", "Pradel", "Ussel", "Cassel", "Vernoux", "Briel", "Olmet",
    "Sabran", "Lodève", "Tarnac", "Chazelle", "Roumoules", "Figeac", "Merville", "Aulnay",
    "Bessan", "Candes", "Dardilly", "Esquay", "Fresnes",
)
PLACE_SUFFIXES = (
    "", "", "", "-sur-Loire", "-sur-Orne", "-les-Bains", "-en-Vexin", "-sur-Mer", "-la-Forêt",
    "-le-Château", "-sur-Garonne", "-en-Bresse", "-les-Vignes", "-sur-Meuse", "-d'Azur",
)
REGION_NAMES = (
    "Armor-et-Loire", "Val-de-Garonne", "Hautes-Marches", "Rhône-et-Cévennes", "Plaine du Nord",
    "Grand Ouest maritime", "Massif central oriental", "Alpes-Provence", "Champagne-Ardenne "
    "orientale", "Bretagne intérieure", "Normandie du Sud", "Pyrénées atlantiques", "Vosges-Jura",
)

# Directorates: name, services under it, M57 policy areas (level 2 or 3) it works on.
DIRECTORATES = (
    ("Direction générale des services", ("Secrétariat général", "Pilotage et évaluation",
     "Assemblées et instances"), ("02", "020")),
    ("Direction des relations internationales", ("Coopération décentralisée",
     "Europe et fonds européens", "Protocole et accueil de délégations"), ("04", "048")),
    ("Direction des finances", ("Budget", "Comptabilité", "Dette et trésorerie",
     "Subventions"), ("01", "02")),
    ("Direction des ressources humaines", ("Carrières et paie", "Recrutement",
     "Formation", "Santé au travail"), ("02", "020")),
    ("Direction de l'éducation", ("Écoles maternelles", "Écoles élémentaires",
     "Restauration scolaire", "Périscolaire"), ("21", "22", "28")),
    ("Direction de la culture", ("Bibliothèques", "Musées", "Conservatoire",
     "Spectacle vivant", "Archives"), ("31", "311", "312", "313", "314", "315")),
    ("Direction des sports", ("Équipements sportifs", "Piscines", "Vie associative sportive"),
     ("32", "31")),
    ("Direction de la jeunesse", ("Information jeunesse", "Mobilité internationale des jeunes",
     "Centres de loisirs"), ("33", "34", "341")),
    ("Direction des solidarités", ("Action sociale", "Personnes âgées", "Handicap",
     "Insertion"), ("42", "421", "422", "423", "424", "425", "428")),
    ("Direction de la santé publique", ("Prévention santé", "Hygiène et salubrité"),
     ("41", "40")),
    ("Direction de l'urbanisme", ("Planification", "Autorisations du droit des sols",
     "Foncier", "Habitat"), ("51", "52", "55")),
    ("Direction de l'environnement", ("Espaces verts", "Biodiversité", "Propreté urbaine",
     "Transition énergétique"), ("73", "731", "732", "733", "734", "735", "75", "76", "77")),
    ("Direction de l'eau et de l'assainissement", ("Eau potable", "Assainissement",
     "Gestion des milieux aquatiques"), ("72", "721", "722", "73")),
    ("Direction des mobilités", ("Voirie", "Transports publics", "Stationnement",
     "Modes actifs"), ("81", "82", "83", "84", "85", "86")),
    ("Direction du développement économique", ("Attractivité", "Commerce et artisanat",
     "Enseignement supérieur et recherche", "Tourisme"), ("60", "61", "63", "631", "632", "23")),
    ("Direction des systèmes d'information", ("Infrastructures", "Applications métier",
     "Données et SIG"), ("02", "020")),
    ("Direction de la communication", ("Presse et relations publiques", "Éditions",
     "Numérique et réseaux sociaux"), ("02", "023")),
    ("Direction de la commande publique", ("Marchés publics", "Achats"), ("02", "01")),
    ("Direction des affaires juridiques", ("Conseil juridique", "Assurances",
     "Contentieux"), ("02", "022")),
    ("Direction du patrimoine bâti", ("Maintenance des bâtiments", "Constructions neuves",
     "Énergie des bâtiments"), ("02", "52", "73")),
)
UNIT_NAMES = (
    "Pôle accueil", "Unité nord", "Unité sud", "Unité est", "Unité ouest", "Pôle instruction",
    "Pôle expertise", "Cellule projets", "Atelier", "Pôle ressources",
)

MANDATES = (
    "Adjointe chargée des relations internationales", "Adjoint chargé des finances",
    "Adjointe chargée de l'éducation", "Adjoint chargé de la culture", "Adjointe chargée des "
    "solidarités", "Adjoint chargé de l'urbanisme", "Adjointe chargée de la transition "
    "écologique", "Adjoint chargé des sports", "Adjointe chargée de la jeunesse", "Conseiller "
    "délégué à la coopération décentralisée", "Conseillère déléguée à l'Europe", "Conseiller "
    "délégué au développement économique", "Conseillère déléguée à la santé", "Conseiller "
    "délégué aux mobilités", "Conseillère déléguée à l'eau",
)

# Partner countries, weighted by how often French authorities work with them.
PARTNER_COUNTRIES = (
    ("SN", 9), ("MA", 7), ("DE", 8), ("IT", 6), ("ES", 6), ("BF", 6), ("ML", 4), ("TN", 4),
    ("VN", 4), ("CA", 4), ("JP", 3), ("US", 3), ("GB", 4), ("PL", 3), ("RO", 3), ("LB", 3),
    ("HT", 3), ("MG", 4), ("CM", 3), ("BJ", 4), ("NE", 2), ("CI", 3), ("TG", 2), ("PS", 2),
    ("AM", 2), ("UA", 3), ("CN", 3), ("BR", 2), ("CL", 1), ("PT", 3), ("BE", 3), ("DZ", 3),
    ("MR", 2), ("KH", 2), ("LA", 1), ("IL", 1), ("CO", 1), ("MX", 1), ("IN", 1), ("KR", 1),
)

# Working languages of agents: (code, share of profiles, CEFR weights A1…C2).
LANGUAGES = (
    ("en", 72, (4, 10, 22, 30, 22, 12)),
    ("es", 30, (12, 18, 26, 22, 14, 8)),
    ("de", 18, (14, 20, 26, 20, 12, 8)),
    ("it", 12, (16, 20, 24, 20, 12, 8)),
    ("pt", 7, (14, 18, 22, 20, 14, 12)),
    ("ar", 8, (10, 12, 16, 18, 20, 24)),
    ("ru", 2, (20, 20, 20, 16, 12, 12)),
    ("zh", 2, (24, 22, 18, 14, 10, 12)),
    ("ja", 1, (30, 24, 18, 12, 8, 8)),
    ("pl", 2, (10, 10, 14, 16, 20, 30)),
    ("ro", 2, (10, 10, 14, 16, 20, 30)),
    ("wo", 2, (10, 10, 14, 16, 20, 30)),
    ("ln", 1, (10, 10, 14, 16, 20, 30)),
    ("mg", 1, (10, 10, 14, 16, 20, 30)),
    ("vi", 1, (10, 10, 14, 16, 20, 30)),
    ("tr", 2, (10, 10, 14, 16, 20, 30)),
    ("nl", 2, (14, 18, 22, 20, 14, 12)),
    ("el", 1, (14, 18, 22, 20, 14, 12)),
    ("uk", 1, (10, 10, 14, 16, 20, 30)),
    ("oc", 1, (20, 20, 20, 16, 12, 12)),
    ("br", 1, (20, 20, 20, 16, 12, 12)),
    ("ff", 1, (10, 10, 14, 16, 20, 30)),
    ("bm", 1, (10, 10, 14, 16, 20, 30)),
    ("ht", 1, (10, 10, 14, 16, 20, 30)),
    ("hy", 1, (10, 10, 14, 16, 20, 30)),
    ("sw", 1, (14, 18, 22, 20, 14, 12)),
    ("ko", 1, (24, 22, 18, 14, 10, 12)),
    ("hi", 1, (14, 18, 22, 20, 14, 12)),
    ("ca", 1, (14, 18, 22, 20, 14, 12)),
    ("eu", 1, (14, 18, 22, 20, 14, 12)),
)

# Countries agents know, weighted; the rest of the world is drawn uniformly, rarely.
KNOWN_COUNTRIES = (
    ("ES", 14), ("IT", 12), ("GB", 12), ("DE", 11), ("US", 9), ("BE", 8), ("CH", 6), ("PT", 6),
    ("MA", 8), ("SN", 5), ("CA", 6), ("TN", 4), ("DZ", 4), ("IE", 3), ("NL", 3), ("GR", 3),
    ("BF", 2), ("ML", 2), ("CI", 3), ("CM", 2), ("MG", 2), ("VN", 2), ("JP", 2), ("CN", 2),
    ("BR", 2), ("MX", 2), ("AR", 1), ("PL", 2), ("RO", 2), ("SE", 1), ("AU", 1), ("IN", 1),
    ("TR", 1), ("HT", 1), ("LB", 1),
)

SKILL_TAGS = (
    "Marchés publics", "Fonds européens", "Compostage", "Gestion de l'eau", "Assainissement "
    "non collectif", "Médiation culturelle", "Coopération décentralisée", "Traduction",
    "Interprétariat", "SIG", "Budget participatif", "Urbanisme tactique", "Mobilité douce",
    "Éducation populaire", "Accueil de délégations", "Protocole", "Montage de projets",
    "Évaluation", "Gestion des déchets", "Énergies renouvelables", "Agriculture urbaine",
    "Restauration collective", "Petite enfance", "Sport pour tous", "Archives numériques",
    "Cybersécurité", "Données ouvertes", "Communication de crise", "Vidéo", "Photographie",
    "Logistique d'événements", "Droit des collectivités", "Finances locales", "Paie",
    "Formation de formateurs", "Égalité femmes-hommes", "Accessibilité", "Biodiversité urbaine",
    "Santé environnementale", "Volontariat international", "Jumelages", "Économie sociale et "
    "solidaire", "Tourisme durable", "Patrimoine bâti", "Lecture publique", "Musique",
    "Arts de la rue", "Insertion professionnelle", "Médiation numérique", "État civil",
)

PROJECT_TITLES = {
    "solidarity": (
        "Accès à l'eau potable à {city}", "Appui aux centres de santé de {city}",
        "Scolarisation des filles à {city}", "Assainissement des quartiers de {city}",
        "Sécurité alimentaire à {city}",
    ),
    "economic": (
        "Partenariat entre entreprises avec {city}", "Mission économique à {city}",
        "Filière artisanale partagée avec {city}", "Incubateur croisé avec {city}",
    ),
    "youth": (
        "Échanges de jeunes avec {city}", "Volontariat de réciprocité avec {city}",
        "Mobilité des apprentis vers {city}", "Chantiers internationaux à {city}",
    ),
    "culture": (
        "Saison culturelle croisée avec {city}", "Résidences d'artistes à {city}",
        "Numérisation des archives de {city}", "Festival partagé avec {city}",
    ),
    "institutional": (
        "Appui à la maîtrise d'ouvrage communale de {city}", "État civil numérique à {city}",
        "Fiscalité locale et cadastre à {city}", "Formation des élus de {city}",
    ),
    "climate": (
        "Plan climat partagé avec {city}", "Reboisement et agroforesterie à {city}",
        "Gestion des déchets à {city}", "Énergie solaire des écoles de {city}",
    ),
    "other": ("Jumelage avec {city}", "Anniversaire du jumelage avec {city}"),
}
SUMMARY_SENTENCES = (
    "Le projet associe les services de la collectivité et ceux de {city} autour d'objectifs "
    "partagés.",
    "Il s'appuie sur l'expertise des agents, mobilisés par missions courtes et par l'accueil "
    "de délégations.",
    "Les actions sont conduites avec les associations du territoire et les acteurs de {city}.",
    "Un comité de pilotage conjoint se réunit deux fois par an pour suivre l'avancement.",
    "Le financement associe fonds propres, cofinancement du ministère et apports en nature.",
    "Les résultats sont suivis par des indicateurs définis avec le partenaire.",
)
OBJECTIVES = (
    "Renforcer les capacités des services de {city}.",
    "Améliorer durablement le service rendu aux habitants.",
    "Favoriser la mobilité internationale des jeunes des deux territoires.",
    "Partager les pratiques professionnelles des agents.",
    "Valoriser l'action internationale auprès des habitants.",
)
BUDGET_LABELS = {
    "activities": ("Ateliers et formations", "Travaux", "Animation du réseau"),
    "staff": ("Temps agents", "Coordination"),
    "travel": ("Missions sur place", "Accueil de la délégation"),
    "equipment": ("Matériel", "Équipements techniques"),
    "monitoring": ("Évaluation finale", "Suivi"),
    "communication": ("Supports de communication", "Restitution publique"),
    "other": ("Imprévus", "Frais de gestion"),
}
RESULT_TITLES = (
    "Les services partenaires sont formés", "L'équipement est installé et utilisé",
    "Les habitants bénéficient du service", "Les jeunes ont réalisé leur mobilité",
    "Les pratiques sont partagées entre les deux territoires", "Le public local est sensibilisé",
)
INDICATOR_TITLES = (
    ("Agents formés", "personnes"), ("Bénéficiaires", "personnes"), ("Jeunes partis", "jeunes"),
    ("Équipements installés", "unités"), ("Ateliers réalisés", "ateliers"),
    ("Taux de satisfaction", "%"),
)
CALL_TITLES = (
    "Interprète pour l'accueil d'une délégation", "Expertise pour une mission d'appui",
    "Relecture de traductions", "Accompagnement de jeunes en mobilité",
    "Formation des agents partenaires", "Tutorat d'un agent accueilli",
)
COMMITTEE_NAMES = (
    ("steering", "Comité de pilotage de l'action internationale"),
    ("technical", "Comité technique des projets de coopération"),
    ("thematic", "Commission jeunesse et mobilité internationale"),
    ("monitoring", "Comité de suivi du jumelage"),
    ("thematic", "Groupe de travail Europe et financements"),
    ("technical", "Comité technique solidarité internationale"),
    ("monitoring", "Comité de suivi des conventions"),
    ("thematic", "Commission économie et attractivité internationale"),
)
MEETING_PLACES = (
    "Salle du conseil", "Salle des commissions", "Visioconférence avec les partenaires",
    "Hôtel de ville, salle 2", "Direction générale des services",
)
AGENDA_TITLES = (
    "Revue des actions en cours", "Point d'étape du projet", "Budget et cofinancements",
    "Préparation de la prochaine mission", "Accueil de la délégation partenaire",
    "Mobilisation des services", "Communication et restitution", "Questions diverses",
)
DECISION_TEXTS = (
    "Le comité valide le plan de financement présenté.",
    "Le comité retient le calendrier proposé pour la mission.",
    "Le comité demande aux services concernés de désigner un référent.",
    "Le comité approuve la candidature à l'appel à projets.",
    "Le comité reporte l'arbitrage à la prochaine réunion.",
    "Le comité valide le programme d'accueil de la délégation.",
)
ACTION_TITLES = (
    "Transmettre le compte rendu aux partenaires", "Déposer le dossier de cofinancement",
    "Réserver les salles pour l'accueil", "Recenser les agents volontaires",
    "Préparer la note pour le bureau municipal", "Relancer le partenaire sur la convention",
    "Mettre à jour le budget prévisionnel", "Organiser la réunion d'information",
)
# fmt: on
