from django.urls import path
from wagtail import hooks

from .choosers import choose_article, newest_articles_first

hooks.register("construct_page_chooser_queryset", newest_articles_first)


@hooks.register("register_admin_urls")
def article_chooser_urls():
    return [
        path("bulletin/choose-article/", choose_article, name="bulletin_choose_article"),
        path(
            "bulletin/choose-article/<int:parent_page_id>/",
            choose_article,
            name="bulletin_choose_article_child",
        ),
    ]
