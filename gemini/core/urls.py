from django.contrib.auth import views as auth_views
from django.urls import path

from gemini.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("imports/", views.import_file, name="import"),
    path("<slug:name>/", views.section, name="section"),
]
