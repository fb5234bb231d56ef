from django.conf import settings


def portal(request):
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
