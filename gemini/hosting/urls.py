from django.urls import path

from gemini.hosting import views

app_name = "hosting"

urlpatterns = [
    path("", views.index, name="index"),
    path("vms/", views.vms, name="vms"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.make_plan, name="make_plan"),
    path("import/", views.import_rvtools, name="import_rvtools"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("vms/grouping/", views.grouping, name="grouping"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("projects/", views.projects, name="projects"),
    path("export.xlsx", views.export, name="export"),
]
