from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("", views.poll_index, name="index"),
    path("<str:poll_id>/", views.poll_detail, name="detail"),
    path("<str:poll_id>/vote/", views.vote, name="vote"),
    path("<str:poll_id>/results/", views.results_fragment, name="results"),
    path("<str:poll_id>/results.csv", views.results_csv, name="results_csv"),
    path("<str:poll_id>/results.json", views.results_json, name="results_json"),
]
