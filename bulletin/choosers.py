"""The issue editor's article picker: it opens at the news index, newest first.

Wagtail's page chooser opens at a chosen page's parent, else at the ancestor common to all
articles (the root, with two languages). The picker's modal address leads through
`chooser_views.choose_article`, which sends an empty picker to the news index and any other
to Wagtail's own chooser unchanged. This module holds the widget the models use; the views
are apart, so that the models import no views."""

from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets.chooser import AdminPageChooser

ARTICLE_PAGE_TYPE = "bulletin.articlepage"


class ArticleChooser(AdminPageChooser):
    chooser_modal_url_name = "bulletin_choose_article"


class ArticleChooserPanel(FieldPanel):
    """The widget is made when the form is, after the models are loaded."""

    def get_form_options(self):
        options = super().get_form_options()
        widget = ArticleChooser(target_models=[self.db_field.related_model])
        options.setdefault("widgets", {})[self.field_name] = widget
        return options
