from django.urls import path

from gemini.migration import cutover_views, downloads, views

app_name = "migration"

urlpatterns = [
    path("", views.index, name="index"),
    path("progress.xlsx", downloads.progress_xlsx, name="progress_xlsx"),
    path("plan/", views.plan, name="plan"),
    path("plan.xlsx", downloads.plan_xlsx, name="plan_xlsx"),
    path("waves/<int:pk>/", views.wave, name="wave"),
    path("waves/<int:pk>.xlsx", downloads.wave_xlsx, name="wave_xlsx"),
    path("identities/", views.identities, name="identities"),
    path("identities.xlsx", downloads.identities_xlsx, name="identities_xlsx"),
    path("identities/<int:pk>/", views.identity, name="identity"),
    path("devices/", views.devices, name="devices"),
    path("devices.xlsx", downloads.devices_xlsx, name="devices_xlsx"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions.xlsx", downloads.exceptions_xlsx, name="exceptions_xlsx"),
    path("settings/", views.settings, name="settings"),
    path("cutover/", cutover_views.cutover, name="cutover"),
    path("cutover/<str:code>/<slug:item>/", cutover_views.cutover_step, name="cutover_step"),
    path("freeze/", views.freeze, name="freeze"),
    path("freeze/<int:pk>/remove/", views.freeze_remove, name="freeze_remove"),
    path("exports/", views.exports, name="exports"),
    path("exports/<slug:kind>/", downloads.export, name="export"),
]
