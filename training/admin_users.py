"""The admin's users listing is the list of editors: trainees, who only learn and never use
the admin, stay out of it unless the Trainees group is chosen in its group filter.
Installed by training/users_app.py."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.views.users import IndexView, UserViewSet

from .forms import TRAINEES_GROUP


def trainees_only():
    """Accounts whose only role is Trainees (an editor who also takes training stays)."""
    return (
        get_user_model()
        .objects.filter(groups__name=TRAINEES_GROUP, is_superuser=False, is_staff=False)
        .exclude(groups__in=Group.objects.exclude(name=TRAINEES_GROUP))
    )


class EditorsIndexView(IndexView):
    def get_base_queryset(self):
        users = super().get_base_queryset()
        trainees = Group.objects.filter(name=TRAINEES_GROUP).values_list("pk", flat=True)
        if {str(pk) for pk in trainees} & set(self.request.GET.getlist("group")):
            return users
        return users.exclude(pk__in=trainees_only().values("pk"))


class EditorsUserViewSet(UserViewSet):
    index_view_class = EditorsIndexView
