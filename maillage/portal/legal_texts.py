"""The default texts of the legal pages, written for the authority as publisher.

They are built on each request from gettext messages and the settings that the application
applies (retention periods, session and cookie lifetimes), so that the default pages always
state the durations actually in force. An authority's administrator starts from this text when
writing their own version (``## `` lines are section headings, see ``templatetags/legal.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.models import Authority

from .models import LegalPage

Kind = LegalPage.Kind

# Where the law gives no default, the text says what the administrator must fill in.
TO_FILL = "[%s]"


def publisher_name(authority: Authority | None) -> str:
    """The authority's name, or a neutral phrase for a visitor who is not signed in."""
    if authority is not None:
        return authority.name
    return _("la collectivité qui met à disposition ce service")


def duration(seconds: int | None) -> str:
    """A lifetime in the largest whole unit: "14 jours", "8 heures", "30 minutes"."""
    if seconds is None:
        return _("jusqu'à la fermeture du navigateur")
    for unit, singular, plural in (
        (86400, "%(count)d jour", "%(count)d jours"),
        (3600, "%(count)d heure", "%(count)d heures"),
        (60, "%(count)d minute", "%(count)d minutes"),
    ):
        if seconds >= unit and seconds % unit == 0:
            count = seconds // unit
            return ngettext(singular, plural, count) % {"count": count}
    return ngettext("%(count)d seconde", "%(count)d secondes", seconds) % {"count": seconds}


def days(count: int) -> str:
    return ngettext("%(count)d jour", "%(count)d jours", count) % {"count": count}


def default_body(kind: str, authority: Authority | None) -> str:
    """The default text of a free-text page (every kind but the accessibility statement)."""
    builders = {
        Kind.LEGAL_NOTICE: _legal_notice,
        Kind.PERSONAL_DATA: _personal_data,
        Kind.COOKIES: _cookies,
    }
    if kind not in builders:
        return ""
    return "\n\n".join(builders[kind](authority)).strip()


def default_statement(authority: Authority | None) -> dict[str, object]:
    """The accessibility statement's fields until the authority writes its own."""
    return {
        "conformity": LegalPage.Conformity.NONE,
        "non_accessible_content": _(
            "Aucun audit de conformité n'a encore été réalisé : les contenus non accessibles "
            "ne sont pas encore recensés. Les pages sont conçues pour être utilisables au "
            "clavier et avec un lecteur d'écran, et vérifiées par des tests automatisés."
        ),
        "exemptions": _(
            "Aucune dérogation pour charge disproportionnée n'est invoquée. Les documents "
            "déposés par les utilisateurs (conventions signées, pièces jointes) ne sont pas "
            "produits par le service et peuvent ne pas être accessibles."
        ),
    }


def default_page(kind: str, authority: Authority | None) -> LegalPage:
    """An unsaved page holding the default text: shown, and offered as a starting point."""
    page = LegalPage(authority=authority, kind=kind, version=0)
    if kind == Kind.ACCESSIBILITY:
        for name, value in default_statement(authority).items():
            setattr(page, name, value)
    else:
        page.body = default_body(kind, authority)
    return page


def _heading(text: str) -> str:
    return f"## {text}"


def _legal_notice(authority: Authority | None) -> list[str]:
    name = publisher_name(authority)
    publisher = [_("Ce service est édité par %(authority)s.") % {"authority": name}]
    if authority is not None:
        publisher.append(_("SIREN : %(siren)s") % {"siren": authority.siren})
    publisher += [
        _("Adresse : %(value)s") % {"value": TO_FILL % _("adresse postale du siège, à compléter")},
        _("Téléphone : %(value)s") % {"value": TO_FILL % _("à compléter")},
    ]
    return [
        _heading(_("Éditeur")),
        "\n".join(publisher),
        _heading(_("Directeur ou directrice de la publication")),
        TO_FILL
        % _(
            "Nom et qualité de l'exécutif de la collectivité, à compléter : le maire, le "
            "président ou la présidente du conseil départemental, du conseil régional ou de "
            "l'établissement."
        ),
        _heading(_("Hébergement")),
        TO_FILL
        % _(
            "Nom ou raison sociale, adresse postale et numéro de téléphone de l'hébergeur, à "
            "compléter."
        ),
        _heading(_("Objet du service")),
        _(
            "Maillage est l'application interne de %(authority)s pour conduire son action "
            "internationale avec l'ensemble de ses services : organigramme et référents, "
            "projets et partenaires, profils internationaux des agents, comités de pilotage, "
            "tableau de bord et déclarations à l'État. Il est réservé aux agents et aux élus "
            "à qui la collectivité a ouvert un compte ; seules les pages publiques des projets "
            "et le fichier IATI publiés par la collectivité sont consultables sans connexion."
        )
        % {"authority": name},
        _heading(_("Propriété intellectuelle")),
        _(
            "Les textes, données et documents publiés dans ce service appartiennent à "
            "%(authority)s ou à leurs auteurs. Hors des exceptions prévues par le code de la "
            "propriété intellectuelle, leur reproduction ou leur réutilisation demande "
            "l'accord de la collectivité. Les données que la collectivité publie en données "
            "ouvertes (pages publiques des projets, fichier IATI) se réutilisent selon la "
            "licence qu'elle indique."
        )
        % {"authority": name},
        _(
            "Le service utilise des composants libres, dont les licences sont respectées : la "
            "police de caractères Atkinson Hyperlegible, © 2020 Braille Institute of America, "
            "distribuée sous licence SIL Open Font License 1.1 ; la bibliothèque Bootstrap, "
            "© The Bootstrap Authors, distribuée sous licence MIT ; la bibliothèque Tom Select, "
            "distribuée sous licence Apache 2.0. Le texte de chaque licence accompagne les "
            "fichiers servis par l'application."
        ),
        _heading(_("Liens vers d'autres sites")),
        _(
            "Les liens vers des sites extérieurs sont fournis pour information ; %(authority)s "
            "n'est pas responsable de leur contenu."
        )
        % {"authority": name},
        _heading(_("Données personnelles, cookies et accessibilité")),
        _(
            "Le traitement des données personnelles, les cookies déposés et l'état "
            "d'accessibilité du service sont décrits dans les pages « Données personnelles », "
            "« Gestion des cookies » et « Déclaration d'accessibilité », accessibles depuis le "
            "pied de chaque page."
        ),
    ]


def _personal_data(authority: Authority | None) -> list[str]:
    name = publisher_name(authority)
    grace = settings.HR_DEPARTURE_GRACE_DAYS
    audit_days = settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS
    return [
        _heading(_("Responsable du traitement")),
        _(
            "%(authority)s est responsable des traitements de données personnelles réalisés "
            "dans Maillage, l'application qui lui sert à conduire son action internationale. "
            "Ces traitements reposent sur l'exécution d'une mission d'intérêt public (article "
            "6, paragraphe 1, point e, du règlement général sur la protection des données, "
            "RGPD) : l'action extérieure des collectivités territoriales prévue par l'article "
            "L1115-1 du code général des collectivités territoriales."
        )
        % {"authority": capfirst(name)},
        _heading(_("Données des agents issues du fichier des ressources humaines")),
        _(
            "Pour chaque agent, la collectivité importe de son fichier des ressources "
            "humaines : l'identifiant RH (matricule), la civilité si le fichier l'indique, le "
            "nom, le prénom, l'adresse électronique professionnelle, la fonction et le service "
            "d'affectation. La civilité sert seulement à accorder les titres (Présidente, "
            "Président) ; elle n'est jamais obligatoire. Ces "
            "données alimentent l'organigramme, l'annuaire des agents, le réseau des "
            "référents relations internationales et les projets auxquels les services "
            "contribuent. Elles ne sont visibles que des utilisateurs de la collectivité."
        ),
        _(
            "Un agent qui ne figure plus dans le fichier RH est désactivé, pas effacé : il "
            "disparaît de l'annuaire, et sa fiche reste la trace des projets auxquels il a "
            "contribué. S'il figure de nouveau dans un import, il retrouve tout."
        ),
        _heading(_("Profil international : facultatif et sous le contrôle de l'agent")),
        _(
            "Chaque agent peut, s'il le souhaite, décrire ses compétences utiles à l'action "
            "internationale : langues de travail et niveau selon le cadre européen commun de "
            "référence (A1 à C2), pays connus, domaines d'expertise, disponibilités (missions "
            "à l'étranger, accueil de délégations, interprétariat, tutorat) et une "
            "présentation libre. Ce profil est facultatif : ne pas le remplir, le retirer ou "
            "l'effacer n'a aucune conséquence pour l'agent. Il n'est jamais demandé de langue "
            "maternelle, de nationalité ni d'origine."
        ),
        _(
            "Le profil n'est visible de personne tant que l'agent ne l'a pas publié. En le "
            "publiant, l'agent choisit qui peut voir son nom : l'équipe des relations "
            "internationales et les référents, ou tous les agents de la collectivité. Personne "
            "en dehors de la collectivité n'y a accès. Les inventaires des langues et des pays "
            "ne montrent que des effectifs, et « moins de 3 » pour une ou deux personnes. "
            "Aucune note ni aucun classement automatique des personnes n'est calculé : une "
            "recherche indique seulement, pour chaque agent, les critères qu'il remplit."
        ),
        _(
            "L'agent modifie, retire ou efface son profil à tout moment depuis la page « Mon "
            "profil international », où il peut aussi en télécharger une copie. S'il ne l'a "
            "pas confirmé depuis un an, l'application l'invite à le vérifier. Lorsqu'il répond "
            "à un appel à compétences, sa réponse et les étapes de sa validation (dont "
            "l'accord de son responsable) sont enregistrées avec l'appel."
        ),
        _heading(_("Autres données")),
        _(
            "Comptes des utilisateurs : identifiant, nom, prénom, adresse électronique, rôles "
            "dans la collectivité. Journal des connexions (date, identifiant saisi, adresse IP, "
            "navigateur), qui sert à bloquer les tentatives répétées. Journal des "
            "modifications : qui a modifié quoi et quand, avec les valeurs modifiées. Élus : "
            "civilité, nom, prénom et délégations. Contacts des partenaires et membres "
            "extérieurs des comités : nom, fonction et coordonnées professionnelles, et la "
            "civilité des membres extérieurs si elle est indiquée."
        ),
        _heading(_("Durées de conservation")),
        "\n".join(
            [
                _(
                    "• Profil international et réponses aux appels à compétences restées sans "
                    "suite : effacés %(grace)s après la désactivation de l'agent par le fichier "
                    "RH, sauf s'il figure de nouveau dans un import d'ici là. Les réponses qui "
                    "ont conduit à une mobilisation restent, comme trace du projet, sans les "
                    "messages de l'agent."
                )
                % {"grace": days(grace)},
                _(
                    "• Noms, civilités et adresses électroniques des agents partis, valeurs des "
                    "contacts de partenaires supprimés : retirés du journal des modifications "
                    "%(audit)s après le départ ou la suppression."
                )
                % {"audit": days(audit_days)},
                _("• Journal des connexions : %(audit)s.") % {"audit": days(audit_days)},
                _(
                    "• Fichier RH vérifié mais dont l'import n'a pas été confirmé : supprimé "
                    "au bout d'une heure."
                ),
                _(
                    "• Éléments supprimés (projets, partenaires, conventions, comités, "
                    "réunions) : restaurables depuis la corbeille pendant %(trash)s, puis "
                    "effacés définitivement."
                )
                % {"trash": days(settings.TRASH_RETENTION_DAYS)},
                _(
                    "• Session de connexion : fermée après %(idle)s sans activité, et au plus "
                    "tard %(max)s après la connexion."
                )
                % {
                    "idle": duration(settings.SESSION_IDLE_TIMEOUT),
                    "max": duration(settings.SESSION_COOKIE_AGE),
                },
            ]
        ),
        _heading(_("Destinataires")),
        _(
            "Les données ne sont accessibles qu'aux utilisateurs de la collectivité, selon "
            "leur rôle, et aux personnes chargées de l'hébergement et de la maintenance, pour "
            "les seuls besoins de celles-ci. Elles ne sont ni vendues, ni cédées, ni "
            "transférées hors de l'Union européenne. Les déclarations transmises à l'État "
            "(aide publique au développement, Atlas de la coopération décentralisée) et le "
            "fichier IATI décrivent des projets, pas des agents."
        ),
        _heading(_("Vos droits")),
        _(
            "Vous disposez d'un droit d'accès, de rectification, d'effacement et de limitation "
            "du traitement, ainsi que d'un droit d'opposition pour des raisons tenant à votre "
            "situation particulière (articles 15 à 21 du RGPD). Votre profil international "
            "relève de votre seule décision : vous le modifiez ou l'effacez vous-même. Les "
            "données issues du fichier RH se corrigent auprès du service des ressources "
            "humaines ; l'import suivant met Maillage à jour."
        ),
        _heading(_("Délégué à la protection des données")),
        _(
            "Pour exercer vos droits ou pour toute question sur vos données, contactez le "
            "délégué à la protection des données de %(authority)s : %(email)s, %(address)s."
        )
        % {
            "authority": name,
            "email": TO_FILL % _("adresse électronique du délégué, à compléter"),
            "address": TO_FILL % _("adresse postale, à compléter"),
        },
        _heading(_("Réclamation auprès de la CNIL")),
        _(
            "Si vous estimez, après avoir contacté le délégué, que vos droits ne sont pas "
            "respectés, vous pouvez adresser une réclamation à la Commission nationale de "
            "l'informatique et des libertés (CNIL) : https://www.cnil.fr/fr/plaintes ou par "
            "courrier, CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07."
        ),
    ]


def _cookies(authority: Authority | None) -> list[str]:
    name = publisher_name(authority)
    cookies = [
        (
            settings.SESSION_COOKIE_NAME,
            _(
                "maintient votre connexion. Déposé lorsque vous vous connectez ; la session "
                "se ferme à la déconnexion, après %(idle)s sans activité et au plus tard "
                "%(max)s après la connexion."
            )
            % {
                "idle": duration(settings.SESSION_IDLE_TIMEOUT),
                "max": duration(settings.SESSION_COOKIE_AGE),
            },
        ),
        (
            settings.CSRF_COOKIE_NAME,
            _(
                "protège les formulaires contre la falsification de requêtes venant d'un "
                "autre site. Durée : %(age)s."
            )
            % {"age": duration(settings.CSRF_COOKIE_AGE)},
        ),
        (
            settings.LANGUAGE_COOKIE_NAME,
            _("retient la langue de l'interface, seulement si vous en changez. Durée : %(age)s.")
            % {"age": duration(settings.LANGUAGE_COOKIE_AGE)},
        ),
        (
            "messages",
            _(
                "porte jusqu'à la page suivante un message de confirmation (« Enregistré », "
                "par exemple), puis est supprimé."
            ),
        ),
    ]
    return [
        _heading(_("Uniquement des cookies nécessaires")),
        _(
            "Maillage, édité par %(authority)s, ne dépose que les cookies strictement "
            "nécessaires à son fonctionnement. Il n'utilise aucun outil de mesure d'audience, "
            "aucun cookie publicitaire ni aucun service tiers : polices, scripts et styles sont "
            "servis par l'application elle-même."
        )
        % {"authority": name},
        _(
            "Ces cookies sont dispensés de consentement (article 82 de la loi du 6 janvier "
            "1978 relative à l'informatique, aux fichiers et aux libertés) : c'est pourquoi "
            "aucun bandeau ne vous demande votre accord."
        ),
        _heading(_("Liste des cookies")),
        "\n".join(f"• {cookie} : {purpose}" for cookie, purpose in cookies),
        _heading(_("Les supprimer")),
        _(
            "Vous pouvez supprimer ces cookies dans les réglages de votre navigateur. Vous "
            "serez alors déconnecté ; sans eux, la connexion à Maillage est impossible."
        ),
    ]
