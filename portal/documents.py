"""The document form editors upload with: Wagtail bounds the size of images but not of
documents, so this one refuses a file larger than DOCUMENT_MAX_UPLOAD_SIZE."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm


class SizeLimitedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if file is not None and file.size > limit:
            raise ValidationError(
                _("This file is %(size)s; a document may be %(limit)s at most.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
            )
        return file
