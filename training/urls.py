from django.urls import path

from .views import account, certificates

app_name = "training"

urlpatterns = [
    path("trainee/", account.dashboard, name="dashboard"),
    path("trainee/register/", account.register, name="register"),
    path("trainee/login/", account.TraineeLoginView.as_view(), name="login"),
    path("trainee/logout/", account.TraineeLogoutView.as_view(), name="logout"),
    path("trainee/lessons/<int:page_id>/complete/", account.complete, name="complete_lesson"),
    path("trainee/certificates/<str:code>/", account.certificate, name="certificate"),
    path("certificates/verify/", certificates.verify, name="verify"),
    path("certificates/verify/<str:code>/", certificates.verify, name="verify_code"),
]
