from django.urls import path

from .views import account, certificates, polls, verification

app_name = "training"

urlpatterns = [
    path("trainee/", account.dashboard, name="dashboard"),
    path("trainee/register/", account.register, name="register"),
    path("trainee/register/sent/", verification.confirmation_sent, name="confirmation_sent"),
    path(
        "trainee/confirm/<str:uidb64>/<str:token>/",
        verification.confirm_email,
        name="confirm_email",
    ),
    path("trainee/login/", account.TraineeLoginView.as_view(), name="login"),
    path(
        "trainee/password-reset/",
        account.TraineePasswordResetView.as_view(),
        name="password_reset",
    ),
    path("trainee/password-reset/sent/", account.password_reset_sent, name="password_reset_sent"),
    path(
        "trainee/password-reset/<uidb64>/<token>/",
        account.TraineePasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "trainee/password-reset/done/",
        account.password_reset_complete,
        name="password_reset_complete",
    ),
    path("trainee/logout/", account.TraineeLogoutView.as_view(), name="logout"),
    path("trainee/lessons/<int:page_id>/complete/", account.complete, name="complete_lesson"),
    path("trainee/certificates/<str:code>/", account.certificate, name="certificate"),
    path("certificates/verify/", certificates.verify, name="verify"),
    path("certificates/verify/<str:code>/", certificates.verify, name="verify_code"),
    path("polls/", polls.poll_index, name="poll_index"),
    path("polls/<str:poll_id>/", polls.poll_detail, name="poll_detail"),
    path("polls/<str:poll_id>/vote/", polls.vote, name="vote"),
    path("polls/<str:poll_id>/results.csv", polls.results_csv, name="results_csv"),
    path("polls/<str:poll_id>/results.json", polls.results_json, name="results_json"),
]
