from django.urls import path

from . import views, views_feeds, views_newsletters

urlpatterns = [
    path("actualites/", views.news_list, name="news_list"),
    path("actualites/nouvelle/", views.news_create, name="news_create"),
    path("actualites/<int:pk>/", views.news_detail, name="news_detail"),
    path("actualites/<int:pk>/modifier/", views.news_edit, name="news_edit"),
    path("actualites/<int:pk>/publier/", views.news_publish, name="news_publish"),
    path("actualites/<int:pk>/retirer/", views.news_unpublish, name="news_unpublish"),
    path("actualites/<int:pk>/supprimer/", views.news_delete, name="news_delete"),
    path("actualites/<int:pk>/image/", views.news_image, name="news_image"),
    path("actualites/suggestions/", views.news_suggestions, name="news_suggestions"),
    path(
        "actualites/suggestions/<slug:source>/<int:pk>/rediger/",
        views.news_suggestion_draft,
        name="news_suggestion_draft",
    ),
    path(
        "actualites/suggestions/<slug:source>/<int:pk>/ecarter/",
        views.news_suggestion_dismiss,
        name="news_suggestion_dismiss",
    ),
    path("actualites/lettres/", views_newsletters.newsletter_list, name="newsletter_list"),
    path(
        "actualites/lettres/nouvelle/",
        views_newsletters.newsletter_create,
        name="newsletter_create",
    ),
    path(
        "actualites/lettres/<int:pk>/",
        views_newsletters.newsletter_detail,
        name="newsletter_detail",
    ),
    path(
        "actualites/lettres/<int:pk>/modifier/",
        views_newsletters.newsletter_edit,
        name="newsletter_edit",
    ),
    path(
        "actualites/lettres/<int:pk>/apercu/",
        views_newsletters.newsletter_preview,
        name="newsletter_preview",
    ),
    path(
        "actualites/lettres/<int:pk>/envoyer/",
        views_newsletters.newsletter_send,
        name="newsletter_send",
    ),
    path(
        "actualites/lettres/<int:pk>/envoi/",
        views_newsletters.newsletter_progress,
        name="newsletter_progress",
    ),
    path("actualites/intranet/", views_feeds.feed_settings, name="news_feed_settings"),
    path(
        "actualites/intranet/nouvelle-adresse/",
        views_feeds.renew_key,
        name="news_feed_renew_key",
    ),
    # For the intranet, without login: the secret key says which authority and that it agreed.
    path(
        "flux/actualites/<slug:authority_slug>/<str:key>/<slug:audience>.atom",
        views_feeds.NewsAtomFeed(),
        name="news_feed",
    ),
    path(
        "flux/actualites/<slug:authority_slug>/<str:key>/<slug:audience>/",
        views_feeds.embed,
        name="news_embed",
    ),
]
