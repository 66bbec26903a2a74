from django.contrib.auth import views as auth_views
from django.urls import path

from gemini.core import account_views, import_views, single_sign_on, views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-in/oidc/", single_sign_on.start, name="oidc_start"),
    path("sign-in/oidc/callback/", single_sign_on.callback, name="oidc_callback"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account_views.account, name="account"),
    path(
        "account/sign-out-everywhere/",
        account_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("imports/", import_views.import_file, name="import"),
    path("imports/<int:pk>/", import_views.import_status, name="import_status"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
]
