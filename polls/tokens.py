"""The anti-forgery token of a poll's form."""

from django.core import signing

# The salt keeps its first name so that forms already served stay valid.
FORM_SALT = "training.poll-form"


def form_token(poll_id):
    """The poll form's anti-forgery token. It is the same for every visitor, so a page with
    a poll sets no cookie and can be cached; what stops other sites from posting votes is
    the origin check in `voting.form_is_genuine`; the token makes a vote without the form fail."""
    return signing.Signer(salt=FORM_SALT).signature(str(poll_id))
